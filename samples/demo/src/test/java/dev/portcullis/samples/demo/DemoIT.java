package dev.portcullis.samples.demo;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Starts the demo as a user would (its launcher, which starts the identity provider and Open
 * Liberty with the samples), runs every printed curl line over HTTP, checks each answer against
 * the one the demo announces, then stops it as Ctrl-C would and checks nothing is left running.
 */
class DemoIT {
    private static final Pattern TITLE = Pattern.compile("^# (\\d+)\\. (.*) -> expect (\\d{3})(.*)$");
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    record Case(String title, int status, String detail, String command) {}

    @Test
    void whenDemoRunsThenEveryPrintedCurlGetsTheAnnouncedAnswerAndStoppingLeavesNothingRunning() throws Exception {
        String wlp = System.getProperty("liberty.wlp.home");
        assertThat(Path.of(wlp, "bin", "server"))
                .as("Liberty unpacked by the build")
                .exists();
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dliberty.wlp.home=" + wlp,
                        "-Ddemo.server.name=" + System.getProperty("demo.server.name"),
                        DemoLauncher.class.getName())
                .redirectErrorStream(true);
        int httpPort = freePort();
        pb.environment().put("PORTCULLIS_HTTP_PORT", Integer.toString(httpPort));
        pb.environment().put("PORTCULLIS_CONTROL_PORT", Integer.toString(freePort()));
        pb.environment().remove("MP_JWT_VERIFY_ISSUER");
        Process demo = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // process ended
                    }
                },
                "demo-output");
        reader.setDaemon(true);
        reader.start();
        try {
            List<String> output = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (output.isEmpty() || !output.get(output.size() - 1).startsWith("Ready.")) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    output.add(line);
                }
                if (System.nanoTime() > deadline || (!demo.isAlive() && lines.isEmpty())) {
                    fail("the demo did not get ready:\n" + String.join("\n", output));
                }
            }
            List<Case> cases = parse(output);
            assertThat(cases).as("the demo prints every case").hasSizeGreaterThanOrEqualTo(25);
            for (Case c : cases) {
                HttpResponse<String> r = run(c.command());
                String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
                assertThat(r.statusCode()).as("%s\n%s", c.title(), r.body()).isEqualTo(c.status());
                if (c.detail().contains("invalid_token")
                        || c.detail().contains("insufficient_scope")
                        || c.detail().contains("insufficient_user_authentication")) {
                    assertThat(challenge)
                            .as(c.title())
                            .contains("error=\"" + c.detail().strip() + "\"");
                }
                if (c.detail().contains("insufficient_user_authentication")) {
                    assertThat(challenge).as(c.title()).contains("acr_values=\"gold\", max_age=300");
                }
                if (c.detail().contains("invalid_dpop_proof")) {
                    assertThat(r.headers().allValues("WWW-Authenticate"))
                            .as(c.title())
                            .anySatisfy(
                                    v -> assertThat(v).startsWith("DPoP ").contains("error=\"invalid_dpop_proof\""));
                }
                if (c.detail().contains("bare challenge")) {
                    assertThat(challenge)
                            .as(c.title())
                            .isEqualTo("Bearer realm=\"orders-api\", resource_metadata=\"http://127.0.0.1:" + httpPort
                                    + "/orders-api/.well-known/oauth-protected-resource\"");
                }
                if (c.command().contains("/.well-known/oauth-protected-resource")) {
                    assertThat(r.body())
                            .as(c.title())
                            .contains("\"resource\":\"http://127.0.0.1:" + httpPort + "/orders-api\"")
                            .contains("\"scopes_supported\":[\"read:orders\",\"write:orders\"]")
                            .contains("\"resource_name\":\"Orders API\"");
                    assertThat(r.headers().firstValue("Cache-Control"))
                            .as(c.title())
                            .hasValue("public, max-age=3600");
                }
                if (c.detail().contains("Retry-After")) {
                    assertThat(r.headers().firstValue("Retry-After"))
                            .as(c.title())
                            .isPresent();
                }
                if (c.command().contains("/health/ready")) {
                    assertThat(r.body())
                            .as(c.title())
                            .contains("\"status\":\"UP\"")
                            .contains("WARNING");
                }
                if (c.command().contains("/metrics")) {
                    assertThat(r.body())
                            .as(c.title())
                            .containsPattern("portcullis_rejected\\{[^}]*reason=\"EXPIRED\"[^}]*\\} 1\\.0")
                            .containsPattern("portcullis_rejected\\{[^}]*reason=\"KEYS_UNAVAILABLE\"[^}]*\\} 1\\.0")
                            .containsPattern("portcullis_rejected\\{[^}]*reason=\"MISSING_TOKEN\"[^}]*\\} 1\\.0");
                }
            }
            assertServerErrorPagesRevealNothing("http://127.0.0.1:" + httpPort);
        } finally {
            demo.destroy(); // SIGTERM: the launcher's shutdown hook stops Liberty, as on Ctrl-C
            boolean ended = demo.waitFor(90, TimeUnit.SECONDS);
            if (!ended) {
                demo.descendants().forEach(ProcessHandle::destroyForcibly);
                demo.destroyForcibly();
            }
            assertThat(ended).as("the demo stops on SIGTERM").isTrue();
        }
        boolean libertyLeft = ProcessHandle.allProcesses()
                .anyMatch(p -> p.info().commandLine().orElse("").contains(wlp));
        assertThat(libertyLeft).as("no Liberty process left").isFalse();
    }

    /**
     * Requests the server refuses before any application code or filter runs (an encoded ".." in
     * the path), answered by the samples' error pages (their web.xml), not by the server's own page
     * with its exception class and stack lines. Liberty's HTTP channel answers a path that climbs
     * above the context root itself, before any application: a one-line message, no stack.
     */
    private static void assertServerErrorPagesRevealNothing(String base) throws Exception {
        int errorPages = 0;
        for (String app : List.of("orders-api", "servlet-app")) {
            for (String path :
                    List.of("/api/%2e%2e/orders", "/%2e%2e/%2e%2e/etc", "/reports/%2E%2E/x", "/no-such-page")) {
                HttpResponse<String> r = run("curl " + base + "/" + app + path);
                System.out.println("DemoIT: " + app + path + " -> " + r.statusCode() + " "
                        + r.body().strip());
                assertThat(r.statusCode()).as("%s%s", app, path).isIn(400, 401, 404);
                for (String word :
                        List.of("Exception", "com.ibm", "java.", "jakarta.", "\tat ", "stack", "dev.portcullis")) {
                    assertThat(r.body()).as("%s%s", app, path).doesNotContain(word);
                }
                if (r.body().strip().equals("{\"error\":\"bad_request\"}")) {
                    errorPages++;
                }
            }
        }
        assertThat(errorPages)
                .as("encoded dots answered 400 by the samples' error page")
                .isPositive();
    }

    private static List<Case> parse(List<String> output) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i + 1 < output.size(); i++) {
            Matcher m = TITLE.matcher(output.get(i));
            if (m.matches()) {
                cases.add(new Case(m.group(2), Integer.parseInt(m.group(3)), m.group(4), output.get(i + 1)));
            }
        }
        return cases;
    }

    /** Runs one printed curl line: -i, -X METHOD, -H 'header', -d 'body', URL. */
    private static HttpResponse<String> run(String command) throws Exception {
        List<String> args = words(command);
        assertThat(args.get(0)).isEqualTo("curl");
        String method = "GET";
        String body = null;
        String url = null;
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-i" -> {}
                case "-X" -> method = args.get(++i);
                case "-H" -> headers.add(args.get(++i).split(": ", 2));
                case "-d" -> body = args.get(++i);
                default -> url = args.get(i);
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (String[] h : headers) {
            b.header(h[0], h[1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : command.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
