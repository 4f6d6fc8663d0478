package dev.portcullis.samples.demo;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import dev.portcullis.testkit.TokenBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
            printExternal(out, base, env.get("MP_JWT_VERIFY_ISSUER"));
        } else {
            TestKey next = TestKey.rsaUnique("key-2");
            TestKey stranger = TestKey.rsaUnique("key-unknown");
            String revocable = idp.token()
                    .expiresIn(Duration.ofHours(1))
                    .scope("read:orders write:orders")
                    .build();
            control = DemoControl.start(controlPort, idp, next, revocable);
            printCases(out, base, idp, control, next, stranger, revocable);
        }
        out.println("Ready. Server log: " + server.log() + ". Press Ctrl-C to stop everything.");
        out.flush();
        stopped.await();
    }

    /** One printed case: what it shows, the expected answer, and the command. */
    record Case(String title, String expected, String command) {}

    static void printCases(
            PrintStream out,
            String base,
            LocalIdp idp,
            DemoControl control,
            TestKey next,
            TestKey stranger,
            String revocable) {
        Instant now = Instant.now();
        Duration hour = Duration.ofHours(1);
        TokenBuilder t = idp.token().expiresIn(hour).claim("groups", List.of("clerk"));
        String orders = base + "/orders-api/api/orders";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("A valid token with scope read:orders", "200", curl("GET", orders, t.build(), null)));
        cases.add(new Case(
                "Create an order with scope write:orders",
                "201",
                curl("POST", orders, t.scope("read:orders write:orders").build(), "espresso")));
        cases.add(new Case(
                "Create an order with only read:orders",
                "403 insufficient_scope",
                curl("POST", orders, t.build(), "espresso")));
        cases.add(new Case(
                "Who am I: any valid token",
                "200",
                curl("GET", base + "/orders-api/api/me", t.scope("profile").build(), null)));
        cases.add(new Case(
                "An expired token (expired 5 minutes ago)",
                "401 invalid_token",
                curl(
                        "GET",
                        orders,
                        idp.token()
                                .issuedAt(now.minus(Duration.ofMinutes(65)))
                                .expiresAt(now.minus(Duration.ofMinutes(5)))
                                .build(),
                        null)));
        cases.add(new Case(
                "Clock skew: issued by a clock 30 s ahead, within the 60 s leeway",
                "200",
                curl(
                        "GET",
                        orders,
                        t.issuedAt(now.plusSeconds(30))
                                .notBefore(now.plusSeconds(30))
                                .expiresAt(now.plus(hour))
                                .build(),
                        null)));
        cases.add(new Case(
                "A token for another API (aud=account)",
                "401 invalid_token",
                curl("GET", orders, t.audience("account").build(), null)));
        cases.add(new Case(
                "A token from another issuer",
                "401 invalid_token",
                curl(
                        "GET",
                        orders,
                        t.issuer("https://other-idp.example/realms/demo").build(),
                        null)));
        cases.add(new Case(
                "A token without scope read:orders",
                "403 insufficient_scope",
                curl("GET", orders, t.scope("profile").build(), null)));
        cases.add(new Case(
                "No Authorization header, as after a proxy dropped it",
                "401 (bare challenge)",
                curl("GET", orders, null, null)));
        cases.add(new Case("Health is public", "200", curl("GET", base + "/orders-api/health", null, null)));
        cases.add(new Case(
                "Protected-resource metadata (RFC 9728): public, names the issuer and scopes",
                "200",
                curl("GET", base + "/orders-api/.well-known/oauth-protected-resource", null, null)));
        TokenBuilder canceller = t.scope("write:orders");
        long recent = now.minusSeconds(60).getEpochSecond();
        cases.add(new Case(
                "Cancel an order after a gold sign-in 1 minute ago (run within 4 minutes of start)",
                "204",
                curl(
                        "DELETE",
                        orders + "/oat%20milk",
                        canceller
                                .claim("acr", "gold")
                                .claim("auth_time", recent)
                                .build(),
                        null)));
        cases.add(new Case(
                "Cancel an order after a silver sign-in: step-up needed",
                "401 insufficient_user_authentication",
                curl(
                        "DELETE",
                        orders + "/coffee%20beans",
                        canceller
                                .claim("acr", "silver")
                                .claim("auth_time", recent)
                                .build(),
                        null)));
        cases.add(new Case(
                "Cancel an order after a gold sign-in 2 hours ago: sign in again",
                "401 insufficient_user_authentication",
                curl(
                        "DELETE",
                        orders + "/coffee%20beans",
                        canceller
                                .claim("acr", "gold")
                                .claim(
                                        "auth_time",
                                        now.minus(Duration.ofHours(2)).getEpochSecond())
                                .build(),
                        null)));
        cases.add(new Case(
                "Servlet app, protected by configuration only: reports need read:orders",
                "200",
                curl("GET", base + "/servlet-app/reports/daily", t.build(), null)));
        cases.add(new Case(
                "Servlet app: a report without read:orders",
                "403 insufficient_scope",
                curl(
                        "GET",
                        base + "/servlet-app/reports/daily",
                        t.scope("profile").build(),
                        null)));
        cases.add(new Case(
                "Key rotation, step 1: the identity provider publishes a new key (kid key-2)",
                "204",
                "curl -i -X POST " + control.url("rotate")));
        cases.add(new Case(
                "Key rotation, step 2: a token signed with the new key is accepted after one refetch",
                "200",
                curl("GET", orders, t.signedWith(next).build(), null)));
        cases.add(new Case(
                "Outage, step 1: the identity provider goes down (its JWKS answers 500)",
                "204",
                "curl -i -X POST " + control.url("down")));
        cases.add(new Case(
                "Outage, step 2: a token signed with a known key still works",
                "200",
                curl("GET", orders, t.build(), null)));
        cases.add(new Case(
                "Outage, step 3: a token with a key never seen cannot be checked",
                "503 + Retry-After",
                curl("GET", orders, t.signedWith(stranger).build(), null)));
        cases.add(new Case(
                "Outage, step 4: readiness stays UP, with a warning that the last known keys are served",
                "200",
                "curl -i " + base + "/health/ready"));
        cases.add(new Case(
                "Outage, step 5: the identity provider is back", "204", "curl -i -X POST " + control.url("up")));
        cases.add(new Case(
                "Revocation, step 1: the refund endpoint introspects its token (@Introspected): active",
                "201",
                curl("POST", orders + "/refunds", revocable, "espresso")));
        cases.add(new Case(
                "Revocation, step 2: the identity provider revokes that token, as at a logout",
                "204",
                "curl -i -X POST " + control.url("revoke")));
        cases.add(new Case(
                "Revocation, step 3: the refund endpoint refuses the revoked token",
                "401 invalid_token",
                curl("POST", orders + "/refunds", revocable, "espresso")));
        cases.add(new Case(
                "Revocation, step 4: an endpoint without introspection accepts it until it expires",
                "200",
                curl("GET", orders, revocable, null)));
        cases.addAll(DpopDemoCases.cases(base, idp));
        cases.add(new Case(
                "The counters: one per cause above (portcullis_rejected{reason=...})",
                "200",
                "curl -i '" + base + "/metrics?scope=application'"));
        out.println();
        out.println("Portcullis demo. Local identity provider: " + idp.issuer());
        out.println("Open Liberty: " + base + "/orders-api (JAX-RS, annotations) and " + base
                + "/servlet-app (plain servlets, the filter alone). Tokens below are valid for an hour.");
        out.println();
        int n = 1;
        for (Case c : cases) {
            out.println("# " + n++ + ". " + c.title() + " -> expect " + c.expected());
            out.println(c.command());
            out.println();
        }
    }

    static void printExternal(PrintStream out, String base, String issuer) {
        out.println();
        out.println("Portcullis demo against " + issuer + " (no local identity provider).");
        out.println("Get an access token for audience orders-api from it, then:");
        out.println();
        out.println("export TOKEN=...");
        out.println("curl -i -H \"Authorization: Bearer $TOKEN\" " + base + "/orders-api/api/me");
        out.println("curl -i -H \"Authorization: Bearer $TOKEN\" " + base + "/orders-api/api/orders");
        out.println("curl -i -H \"Authorization: Bearer $TOKEN\" " + base + "/servlet-app/reports/daily");
        out.println("curl -i " + base + "/orders-api/api/orders");
        out.println("curl -i " + base + "/orders-api/.well-known/oauth-protected-resource");
        out.println(
                "curl -i -X DELETE -H \"Authorization: Bearer $TOKEN\" " + base + "/orders-api/api/orders/oat%20milk"
                        + "   # needs write:orders, acr gold and a sign-in at most 5 minutes ago");
        out.println();
    }

    static String curl(String method, String url, String token, String body) {
        StringBuilder b = new StringBuilder("curl -i");
        if (!method.equals("GET")) {
            b.append(" -X ").append(method);
        }
        if (token != null) {
            b.append(" -H 'Authorization: Bearer ").append(token).append('\'');
        }
        if (body != null) {
            b.append(" -H 'Content-Type: text/plain' -d '").append(body).append('\'');
        }
        return b.append(' ').append(url).toString();
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
