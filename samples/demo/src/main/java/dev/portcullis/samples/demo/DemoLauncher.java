package dev.portcullis.samples.demo;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one-command demo: starts the testkit identity provider on 127.0.0.1, Open Liberty with the
 * two sample applications pointed at it, and prints copy-paste {@code curl} lines, one for each
 * answer the library gives. Ctrl-C stops everything.
 *
 * <p>With {@code MP_JWT_VERIFY_ISSUER} set in the environment no local identity provider is
 * started: the samples trust that issuer (MicroProfile Config reads every {@code mp.jwt.verify.*}
 * and {@code portcullis.*} setting from the environment), e.g. a Keycloak realm.
 */
public final class DemoLauncher {
    private DemoLauncher() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int httpPort = Integer.parseInt(env.getOrDefault("PORTCULLIS_HTTP_PORT", "9080"));
        int controlPort = Integer.parseInt(env.getOrDefault("PORTCULLIS_CONTROL_PORT", "9081"));
        Path wlp = Path.of(System.getProperty("liberty.wlp.home", "samples/demo/target/liberty/wlp"));
        String serverName = System.getProperty("demo.server.name", "portcullis-demo");
        PrintStream out = System.out;

        boolean external = env.containsKey("MP_JWT_VERIFY_ISSUER");
        LocalIdp idp = null;
        DemoControl control = null;
        Map<String, String> serverEnv = new HashMap<>();
        serverEnv.put("PORTCULLIS_HTTP_PORT", Integer.toString(httpPort));
        if (!external) {
            idp = LocalIdp.builder().issuerPath("/realms/demo").start();
            serverEnv.put("MP_JWT_VERIFY_ISSUER", idp.issuer());
            serverEnv.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", idp.jwksUri().toString());
            serverEnv.put("PORTCULLIS_ROLES_CLAIM", "groups");
            // A short refetch interval so the rotation and outage steps answer within a second of each other.
            // With the default (10 s), "rotation, step 2" run within 10 s of the demo's last key fetch is
            // answered 503 with Retry-After (KEY_NOT_YET_FETCHED: the key may be newer than the keys
            // fetched), and 200 once Retry-After has passed; the override spares the reader that wait.
            serverEnv.put("PORTCULLIS_JWKS_MIN_REFETCH_INTERVAL", "1s");
            // The DPoP cases print proofs signed at start-up; accept them for 10 minutes instead of 60 s.
            serverEnv.put("PORTCULLIS_DPOP_PROOF_MAX_AGE", DpopDemoCases.PROOF_MAX_AGE.toMinutes() + "m");
            // The refund endpoint introspects its token (@Introspected) as client orders-api; answers are
            // remembered 1 s here (30 s by default), so the revocation step shows its 401 at once.
            String secret = java.util.UUID.randomUUID().toString();
            idp.introspection().registerClient("orders-api", secret);
            serverEnv.put(
                    "PORTCULLIS_INTROSPECTION_ENDPOINT",
                    idp.introspection().uri().toString());
            serverEnv.put("PORTCULLIS_INTROSPECTION_CLIENT_ID", "orders-api");
            serverEnv.put("PORTCULLIS_INTROSPECTION_CLIENT_SECRET", secret);
            serverEnv.put("PORTCULLIS_INTROSPECTION_CACHE_TTL", "1s");
        }
        LibertyServer server = new LibertyServer(wlp, serverName, serverEnv);
        LocalIdp idpRef = idp;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.stop();
                            if (idpRef != null) {
                                idpRef.close();
                            }
                            stopped.countDown();
                        },
                        "portcullis-demo-shutdown"));

        out.println("Starting Open Liberty with the sample applications on http://127.0.0.1:" + httpPort + " ...");
        server.start();
        String base = "http://127.0.0.1:" + httpPort;
        if (!waitUntilUp(base + "/orders-api/health", Duration.ofSeconds(180))
                || !waitUntilUp(base + "/servlet-app/status", Duration.ofSeconds(60))) {
            out.println("Open Liberty did not come up; see " + server.log());
            System.exit(1);
        }
        if (external) {
            DemoCases.printExternal(out, base, env.get("MP_JWT_VERIFY_ISSUER"));
        } else {
            TestKey next = TestKey.rsaUnique("key-2");
            TestKey stranger = TestKey.rsaUnique("key-unknown");
            String revocable = idp.token()
                    .expiresIn(Duration.ofHours(1))
                    .scope("read:orders write:orders")
                    .build();
            control = DemoControl.start(controlPort, idp, next, revocable);
            DemoCases.printCases(out, base, idp, control, next, stranger, revocable);
        }
        out.println("Ready. Server log: " + server.log() + ". Press Ctrl-C to stop everything.");
        out.flush();
        stopped.await();
    }

    private static boolean waitUntilUp(String url, Duration timeout) throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = client.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not up yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return false;
    }

    /** Open Liberty as a child process ({@code bin/server run}), output to a log file. */
    static final class LibertyServer {
        private final Path wlp;
        private final String name;
        private final Map<String, String> env;
        private Process process;

        LibertyServer(Path wlp, String name, Map<String, String> env) {
            this.wlp = wlp;
            this.name = name;
            this.env = env;
        }

        Path log() {
            return wlp.getParent().resolve("demo-server.log");
        }

        synchronized void start() throws IOException {
            Path script = wlp.resolve("bin/server");
            if (!Files.isExecutable(script)) {
                throw new IOException("Open Liberty not found at " + wlp + ": build with the README's demo command");
            }
            ProcessBuilder pb = new ProcessBuilder(script.toString(), "run", name)
                    .redirectErrorStream(true)
                    .redirectOutput(log().toFile());
            pb.environment().putAll(env);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            // C1 only, unless the user set JVM_ARGS: the demo starts a few seconds sooner on a small
            // machine, and its few requests gain nothing from peak-speed code
            pb.environment().putIfAbsent("JVM_ARGS", "-XX:TieredStopAtLevel=1");
            process = pb.start();
        }

        synchronized void stop() {
            if (process == null) {
                return;
            }
            try {
                Process stop = new ProcessBuilder(wlp.resolve("bin/server").toString(), "stop", name)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                stop.waitFor(60, TimeUnit.SECONDS);
            } catch (IOException e) {
                // fall through to destroying the process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
