package dev.portcullis.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link TomcatServer} in a JVM of its own ({@link TomcatMain}), for what only a process has: its
 * environment variables and system properties. Inherits this JVM's environment less every variable
 * that could name a Portcullis or MicroProfile JWT setting (so a developer's shell cannot change the
 * test), plus the given ones.
 */
public final class ForkedTomcat implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final int port;

    private ForkedTomcat(
            Path work, Map<String, String> environment, Map<String, String> systemProperties, Map<String, Path> wars) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TomcatMain.class.getName());
        command.add(work.toAbsolutePath().toString());
        wars.forEach((context, dir) -> command.add(context + "=" + dir.toAbsolutePath()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(ForkedTomcat::couldNameASetting);
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(this::read, "forked-tomcat-output");
        reader.setDaemon(true);
        reader.start();
        String line;
        try {
            line = ready.get(START.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "forked Tomcat not ready within " + START + ":\n" + String.join("\n", output()), e);
        }
        if (!line.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IllegalStateException("forked Tomcat failed: " + line + "\n" + String.join("\n", output()));
        }
        port = Integer.parseInt(line.substring("READY ".length()).strip());
    }

    /** Starts Tomcat in a new JVM with these environment variables and system properties, deploying each WAR directory at its context root. */
    public static ForkedTomcat start(
            Path work, Map<String, String> environment, Map<String, String> systemProperties, Map<String, Path> wars) {
        return new ForkedTomcat(work, environment, systemProperties, wars);
    }

    private static boolean couldNameASetting(String variable) {
        String v = variable.toLowerCase(Locale.ROOT);
        return v.startsWith("mp.jwt") || v.startsWith("mp_jwt") || v.startsWith("portcullis");
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("READY ") || line.startsWith("FAILED ")) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            ready.complete("FAILED the process ended");
        }
    }

    /** The base URL of the WAR at {@code /context}, ending in {@code /}. */
    public URL base(String context) {
        try {
            return new URL("http://127.0.0.1:" + port + "/" + context + "/");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the forked JVM printed so far (standard output and error, Tomcat's and Portcullis' log). */
    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Closes Tomcat's standard input, which stops it; kills it if it has not ended within 15 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
