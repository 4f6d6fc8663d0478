package dev.portcullis.servlet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The log files of the Liberty server under test ({@code messages.log}, {@code trace.log},
 * {@code console.log}, FFDC incident files...), found from the {@code liberty.wlp.home} and
 * {@code liberty.server.name} system properties that the build passes to the tests. Public for the
 * other modules' Liberty tests (the JAX-RS conformance suite).
 */
public final class ServerLogs {
    /** How many consecutive characters of a token make a leak. */
    static final int LEAK_WINDOW = 16;

    private ServerLogs() {}

    public static Path directory() {
        return Path.of(
                System.getProperty("liberty.wlp.home"),
                "usr",
                "servers",
                System.getProperty("liberty.server.name"),
                "logs");
    }

    /** Every line of every file under the logs directory, FFDC incidents included. */
    public static List<Line> lines() {
        List<Line> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory())) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                int number = 0;
                for (String line : text.split("\r?\n")) {
                    out.add(new Line(directory().relativize(file).toString(), ++number, line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** One line of a log file. */
    public record Line(String file, int number, String text) {
        @Override
        public String toString() {
            return file + ":" + number + ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    /**
     * Waits, without sleeping, until some log line satisfies {@code condition} (Liberty writes its
     * logs asynchronously); returns whether one did within {@code timeout}.
     */
    public static boolean await(Predicate<String> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (WatchService watcher = directory().getFileSystem().newWatchService()) {
            directory().register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            while (true) {
                if (lines().stream().map(Line::text).anyMatch(condition)) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                WatchKey key = watcher.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Every {@link #LEAK_WINDOW}-char slice of the given secrets. */
    static Set<String> windows(Collection<String> secrets) {
        Set<String> out = new HashSet<>();
        for (String s : secrets) {
            for (int i = 0; i + LEAK_WINDOW <= s.length(); i++) {
                out.add(s.substring(i, i + LEAK_WINDOW));
            }
        }
        return out;
    }

    /** The first slice of {@code text} that is one of {@code windows}, or null. */
    static String leak(String text, Set<String> windows) {
        for (int i = 0; i + LEAK_WINDOW <= text.length(); i++) {
            String w = text.substring(i, i + LEAK_WINDOW);
            if (windows.contains(w)) {
                return w;
            }
        }
        return null;
    }
}
