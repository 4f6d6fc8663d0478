package dev.portcullis.jaxrs.conformance;

import dev.portcullis.core.TokenFingerprint;
import dev.portcullis.servlet.it.Http;
import dev.portcullis.testkit.IntrospectionEndpoint;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import dev.portcullis.testkit.TokenBuilder;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every adapter on every server must answer, the same way: one list of cases, each a request
 * and the expected status, {@code WWW-Authenticate} (with the target's realm) and body. Knows
 * nothing of the server: a harness deploys the WARs of {@link ConformanceWars} wherever it likes
 * and passes their base URLs as {@link Target}s, and a {@link ServerLog} to read the server's log.
 * Besides the refusals, some cases are accepted requests that check what the application sees of
 * the caller (principal name, roles). After undeploying a WAR, a harness calls
 * {@link #assertNoPortcullisThread} with its own way of listing the server's threads.
 */
public final class ConformanceCases {
    /** One deployed WAR: a name for reports, its base URL (ending in {@code /}) and its realm. */
    public record Target(String name, URL base, String realm) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The server's log lines, as its harness can read them. */
    public interface ServerLog {
        /** Waits until some line satisfies {@code line}; false after {@code timeout}. */
        boolean await(Predicate<String> line, Duration timeout);

        /** Every line written so far. */
        List<String> lines();
    }

    private static final String BARE = "Bearer realm=\"%s\"";
    /** The bare DPoP challenge, with the default proof algorithms. */
    static final String DPOP = "DPoP realm=\"%s\", algs=\"ES256 RS256 PS256 EdDSA\"";
    /** The metadata's DPoP members: DPoP is allowed (the default), so advertised, and not required. */
    private static final String DPOP_MEMBERS =
            "\"dpop_signing_alg_values_supported\":[\"ES256\",\"RS256\",\"PS256\",\"EdDSA\"],"
                    + "\"dpop_bound_access_tokens_required\":false,";

    private static final String MULTIPLE = "The request presents more than one access token";
    private static final AtomicInteger SERIAL = new AtomicInteger();

    /**
     * A refusal: besides the RFC 6750 attributes, {@code stepUp} is what a step-up refusal adds
     * ({@code , acr_values="..."}), and {@code resourcePath} the path-aware part of the
     * {@code resource_metadata} URL every challenge ends with; {@code origin}, if not null, the origin
     * of that URL instead of the target's (as a trusted proxy forwarded it).
     */
    private record Case(
            BiFunction<ConformanceCases, URL, Sent> request,
            int status,
            String error,
            String description,
            String scope,
            boolean checkLog,
            String stepUp,
            String resourcePath,
            String origin) {
        Case(
                BiFunction<ConformanceCases, URL, Sent> request,
                int status,
                String error,
                String description,
                String scope,
                boolean checkLog) {
            this(request, status, error, description, scope, checkLog, "", "", null);
        }

        Case(
                BiFunction<ConformanceCases, URL, Sent> request,
                int status,
                String error,
                String description,
                String scope,
                boolean checkLog,
                String stepUp,
                String resourcePath) {
            this(request, status, error, description, scope, checkLog, stepUp, resourcePath, null);
        }
    }

    /** The metadata document a WAR serves (RFC 9728): its path, and the exact body (null: 404). */
    private record Metadata(String path, BiFunction<Target, String, String> body) {}

    private static final Map<String, Metadata> METADATA = new LinkedHashMap<>();

    /** A request and the token it carried, if any (for the log check). */
    private record Sent(HttpRequest.Builder request, String token) {}

    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    /** The client the WARs introspect as ({@link ConformanceWars}), registered with the provider. */
    static final String INTROSPECTION_CLIENT = "conformance-rs";

    static final String INTROSPECTION_SECRET = "conformance-rs-secret";
    private static final String REVOKED = "a revoked JWT on a path without introspection";

    /** An accepted request: the token's claims, the path, and the exact body (null: any body) of the 200. */
    private record Accepted(String path, Function<TokenBuilder, TokenBuilder> token, String body) {}

    private static final Map<String, Accepted> ACCEPTED = new LinkedHashMap<>();

    /**
     * How every thread Portcullis starts is named: core's key fetchers are
     * {@code portcullis-jwks-<issuer>-<n>} (RemoteJwksSourceBuilder).
     */
    public static final String THREAD_PREFIX = "portcullis";

    static {
        ACCEPTED.put(
                "principal named by preferred_username, roles from groups",
                new Accepted(
                        "api/me",
                        t -> t.subject("u-1042")
                                .claim("preferred_username", "alice.smith")
                                .claim("groups", List.of("clerk", "auditor")),
                        "name=alice.smith;bearer=true;scheme=BEARER;clerk=true;auditor=true;admin=false"));
        ACCEPTED.put(
                "principal named by upn first",
                new Accepted(
                        "api/me",
                        t -> t.subject("u-1042")
                                .claim("preferred_username", "alice.smith")
                                .claim("upn", "alice@example.com"),
                        "name=alice@example.com;bearer=true;scheme=BEARER;clerk=false;auditor=false;admin=false"));
        ACCEPTED.put(
                "principal named by sub without upn or preferred_username",
                new Accepted(
                        "api/me",
                        t -> t.subject("u-2077").claim("groups", List.of("admin")),
                        "name=u-2077;bearer=true;scheme=BEARER;clerk=false;auditor=false;admin=true"));
        ACCEPTED.put("required scope granted", new Accepted("api/scoped", t -> t.scope("profile read:orders"), null));
        ACCEPTED.put(
                "required role granted",
                new Accepted("api/roles", t -> t.claim("groups", List.of("guest", "clerk")), null));
        ACCEPTED.put("an active JWT on an introspected path", new Accepted("api/introspected", t -> t, null));
        ACCEPTED.put(REVOKED, new Accepted("api/plain", t -> t, null));
    }

    static {
        METADATA.put(
                "metadata document, without a token",
                new Metadata(
                        ".well-known/oauth-protected-resource",
                        (t, issuer) -> "{\"resource\":\"" + resource(t, "") + "\",\"authorization_servers\":[\""
                                + issuer + "\"],"
                                + "\"scopes_supported\":[\"read:orders\"],\"bearer_methods_supported\":[\"header\"],"
                                + DPOP_MEMBERS
                                + "\"resource_name\":\"Conformance \\\"orders\\\"\"}"));
        METADATA.put(
                "path-aware metadata document",
                new Metadata(
                        ".well-known/oauth-protected-resource/api/scoped",
                        (t, issuer) -> "{\"resource\":\"" + resource(t, "/api/scoped")
                                + "\",\"authorization_servers\":[\"" + issuer + "\"],"
                                + "\"scopes_supported\":[\"read:orders\"],\"bearer_methods_supported\":[\"header\"],"
                                + DPOP_MEMBERS
                                + "\"resource_name\":\"Conformance \\\"orders\\\"\"}"));
        METADATA.put(
                "metadata of an unknown resource path",
                new Metadata(".well-known/oauth-protected-resource/api/plain", null));
        ACCEPTED.put(
                "step-up: acr one of those listed",
                new Accepted("api/strong", t -> t.claim("acr", "urn:platinum"), null));
        ACCEPTED.put(
                "step-up: recent authentication",
                new Accepted("api/recent", t -> t.claim("auth_time", System.currentTimeMillis() / 1000 - 10), null));
    }

    static {
        CASES.put(
                "step-up: acr not listed",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/strong"),
                                c.idp.token().claim("acr", "urn:silver").build()),
                        401,
                        "insufficient_user_authentication",
                        "The user authentication is not strong enough for this request",
                        null,
                        false,
                        ", acr_values=\"urn:gold urn:platinum\"",
                        ""));
        CASES.put(
                "step-up: no acr",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/strong"), c.idp.token().build()),
                        401,
                        "insufficient_user_authentication",
                        "The user authentication is not strong enough for this request",
                        null,
                        false,
                        ", acr_values=\"urn:gold urn:platinum\"",
                        ""));
        CASES.put(
                "step-up: authentication too old",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/recent"),
                                c.idp.token()
                                        .claim("auth_time", System.currentTimeMillis() / 1000 - 3600)
                                        .build()),
                        401,
                        "insufficient_user_authentication",
                        "The user authentication is not recent enough for this request",
                        null,
                        false,
                        ", max_age=300",
                        ""));
        CASES.put(
                "step-up: no auth_time",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/recent"), c.idp.token().build()),
                        401,
                        "insufficient_user_authentication",
                        "The user authentication is not recent enough for this request",
                        null,
                        false,
                        ", max_age=300",
                        ""));
    }

    static {
        CASES.put(
                "no token, behind a trusted proxy",
                new Case(
                        (c, b) -> new Sent(
                                Http.request(b, "api/plain")
                                        .header("X-Forwarded-Proto", "https")
                                        .header("X-Forwarded-Host", "api.example.com:8443"),
                                null),
                        401,
                        null,
                        "No bearer token was presented",
                        null,
                        false,
                        "",
                        "",
                        "https://api.example.com:8443"));
        CASES.put(
                "no token, behind a trusted proxy, with Forwarded",
                new Case(
                        (c, b) -> new Sent(
                                Http.request(b, "api/scoped")
                                        .header("Forwarded", "for=192.0.2.1;proto=https;host=shop.example.com"),
                                null),
                        401,
                        null,
                        "No bearer token was presented",
                        null,
                        false,
                        "",
                        "/api/scoped",
                        "https://shop.example.com"));
    }

    static {
        CASES.put(
                "no token",
                new Case(
                        (c, b) -> new Sent(Http.request(b, "api/plain"), null),
                        401,
                        null,
                        "No bearer token was presented",
                        null,
                        false));
        CASES.put(
                "another scheme",
                new Case(
                        (c, b) -> new Sent(
                                Http.request(b, "api/plain").header("Authorization", "Basic YWxpY2U6c2VjcmV0"), null),
                        401,
                        null,
                        "No bearer token was presented",
                        null,
                        false));
        CASES.put(
                "two Authorization headers",
                new Case(
                        (c, b) -> {
                            String t = c.idp.token().build();
                            return new Sent(
                                    Http.request(b, "api/plain")
                                            .header("Authorization", "Bearer " + t)
                                            .header("Authorization", "Bearer " + t),
                                    null);
                        },
                        400,
                        "invalid_request",
                        MULTIPLE,
                        null,
                        false));
        CASES.put(
                "token in query and header",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/plain?access_token=abc"),
                                c.idp.token().build()),
                        400,
                        "invalid_request",
                        MULTIPLE,
                        null,
                        false));
        CASES.put(
                "token in form body and header",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/form")
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(HttpRequest.BodyPublishers.ofString("item=1&access_token=abc")),
                                c.idp.token().build()),
                        400,
                        "invalid_request",
                        MULTIPLE,
                        null,
                        false));
        CASES.put(
                "malformed token",
                new Case(
                        (c, b) -> c.bearer(Http.request(b, "api/plain"), "abc.def.ghi"),
                        401,
                        "invalid_token",
                        "The access token is malformed",
                        null,
                        false));
        CASES.put(
                "expired token",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/plain"),
                                c.idp.token().expiresIn(Duration.ofMinutes(-5)).build()),
                        401,
                        "invalid_token",
                        "The access token expired",
                        null,
                        false));
        CASES.put(
                "wrong audience",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/plain"),
                                c.idp.token().audience("account").build()),
                        401,
                        "invalid_token",
                        "The access token is not intended for this resource",
                        null,
                        false));
        CASES.put(
                "insufficient scope",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/scoped"),
                                c.idp.token().scope("profile").build()),
                        403,
                        "insufficient_scope",
                        "The access token lacks a scope required for this request",
                        "read:orders",
                        false,
                        "",
                        "/api/scoped"));
        CASES.put(
                "insufficient role",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/roles"),
                                c.idp.token().claim("groups", List.of("guest")).build()),
                        403,
                        "insufficient_scope",
                        "The access token lacks a role required for this request",
                        null,
                        false));
        CASES.put(
                "keys unavailable",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/plain"),
                                c.idp.token()
                                        .signedWith(TestKey.rsa("never-seen-" + SERIAL.incrementAndGet()))
                                        .build()),
                        503,
                        null,
                        "The signing keys are temporarily unavailable",
                        null,
                        false));
        CASES.put(
                "keys unavailable while the provider is down",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/plain"),
                                c.idp.token()
                                        .signedWith(TestKey.rsa("never-seen-" + SERIAL.incrementAndGet()))
                                        .build()),
                        503,
                        null,
                        "The signing keys are temporarily unavailable",
                        null,
                        false));
        CASES.put(
                "a revoked JWT on an introspected path",
                new Case(
                        (c, b) -> {
                            String t = c.idp.token().build();
                            c.idp.introspection().revoke(t);
                            return c.bearer(Http.request(b, "api/introspected"), t);
                        },
                        401,
                        "invalid_token",
                        "The access token was revoked",
                        null,
                        false));
        CASES.put(
                "introspection endpoint failing",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/introspected"),
                                c.idp.token().build()),
                        503,
                        null,
                        "The token status is temporarily unavailable",
                        null,
                        false));
        // Open Liberty's HTTP layer refuses controls and quotes in a path itself (400 CWWWC0005I, before
        // any filter); check() accepts that answer, from the server, for this case only. Other servers
        // let such paths through to the adapters, whose log line must then escape them.
        CASES.put(
                "CR LF and a tab in the path",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/echo/%0D%0AFORGED-" + c.mark + "%09q"),
                                c.idp.token().audience("account").build()),
                        401,
                        "invalid_token",
                        "The access token is not intended for this resource",
                        null,
                        true));
        CASES.put(
                "CR LF and quotes in claims",
                new Case(
                        (c, b) -> c.bearer(
                                Http.request(b, "api/plain"),
                                c.idp.token()
                                        .issuer("https://evil\r\nFORGED-" + c.mark + " \"q\"\n")
                                        .claim("sub", "\r\nFORGED-" + c.mark)
                                        .build()),
                        401,
                        "invalid_token",
                        "The access token was issued by an untrusted issuer",
                        null,
                        true));
    }

    private final LocalIdp idp;
    private final ServerLog log;
    private final String mark = UUID.randomUUID().toString().substring(0, 8);

    /** Cases against the WARs configured for {@code idp}, whose server writes {@code log}. */
    public ConformanceCases(LocalIdp idp, ServerLog log) {
        this.idp = idp;
        this.log = log;
        idp.introspection().registerClient(INTROSPECTION_CLIENT, INTROSPECTION_SECRET);
    }

    /** The names of the cases, in order: the metadata documents, the refusals, then the accepted requests. */
    public static List<String> names() {
        List<String> out = new ArrayList<>(METADATA.keySet());
        out.addAll(CASES.keySet());
        out.addAll(ACCEPTED.keySet());
        return List.copyOf(out);
    }

    private Sent bearer(HttpRequest.Builder request, String token) {
        return new Sent(request.header("Authorization", "Bearer " + token), token);
    }

    /** Runs the case against the target and checks the answer (and, where the case says so, the log). */
    public void check(String name, Target target) {
        if (METADATA.containsKey(name)) {
            checkMetadata(name, METADATA.get(name), target);
            return;
        }
        if (ACCEPTED.containsKey(name)) {
            checkAccepted(name, ACCEPTED.get(name), target);
            return;
        }
        Case c = CASES.get(name);
        assertThat(c).as("conformance case %s", name).isNotNull();
        if (name.startsWith("keys unavailable")) {
            // keys known first, then the provider fails (or is down) and a token names a key never seen
            assertThat(Http.get(target.base(), "api/plain", idp.token().build()).statusCode())
                    .as("%s warm-up", target)
                    .isEqualTo(200);
            idp.failWith(name.endsWith("down") ? LocalIdp.Failure.DOWN : LocalIdp.Failure.HTTP_500);
        }
        if (name.equals("introspection endpoint failing")) {
            idp.introspection().failWith(IntrospectionEndpoint.Failure.HTTP_500);
        }
        Sent sent = c.request().apply(this, target.base());
        HttpResponse<String> r;
        try {
            r = Http.send(sent.request());
        } finally {
            idp.recover();
            idp.introspection().failWith(IntrospectionEndpoint.Failure.NONE);
        }
        if (name.startsWith("CR LF and a tab in the path")
                && r.statusCode() == 400
                && r.headers().firstValue("WWW-Authenticate").isEmpty()) {
            assertNoForgedLine(target);
            return; // refused by the server before any adapter saw it
        }
        String bare = String.format(BARE, target.realm());
        // RFC 9728 §5.1: every challenge, of either scheme, points at the metadata of the resource asked for
        String metadata = ", resource_metadata=\""
                + (c.origin() == null
                        ? resource(target, "")
                        : c.origin() + resource(target, "").replaceFirst("^[a-z]+://[^/]+", ""))
                + "/.well-known/oauth-protected-resource"
                + c.resourcePath() + "\"";
        String challenge = (c.error() == null
                        ? bare
                        : bare + ", error=\"" + c.error() + "\", error_description=\"" + c.description() + "\""
                                + (c.scope() == null ? "" : ", scope=\"" + c.scope() + "\"") + c.stepUp())
                + metadata;
        String body = c.error() != null
                ? "{\"error\":\"" + c.error() + "\",\"error_description\":\"" + c.description() + "\"}"
                : c.status() == 503
                        ? "{\"error\":\"temporarily_unavailable\",\"error_description\":\"" + c.description() + "\"}"
                        : "{\"error_description\":\"" + c.description() + "\"}";
        assertThat(r.statusCode())
                .as("%s: %s status (body %s)", target, name, r.body())
                .isEqualTo(c.status());
        // Every 401 also invites DPoP (allowed by default, RFC 9449 §7.1): its bare challenge after the Bearer one.
        List<String> challenges = c.status() == 401
                ? List.of(challenge, String.format(DPOP, target.realm()) + metadata)
                : List.of(challenge);
        assertThat(r.headers().allValues("WWW-Authenticate"))
                .as("%s: %s challenge", target, name)
                .containsExactlyElementsOf(challenges);
        assertThat(r.body()).as("%s: %s body", target, name).isEqualTo(body);
        assertThat(r.headers().firstValue("Cache-Control"))
                .as("%s: %s Cache-Control", target, name)
                .hasValue("no-store");
        if (c.status() == 503) {
            assertThat(r.headers().firstValue("Retry-After").map(Long::parseLong))
                    .as("%s Retry-After", target)
                    .hasValueSatisfying(s -> assertThat(s).isPositive());
        } else {
            assertThat(r.headers().firstValue("Retry-After"))
                    .as("%s Retry-After", target)
                    .isEmpty();
        }
        if (c.checkLog()) {
            checkLogLine(name, target, TokenFingerprint.of(sent.token()));
        }
    }

    /** The target's resource identifier (its base URL without the final {@code /}) followed by {@code path}. */
    static String resource(Target target, String path) {
        String base = target.base().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private void checkMetadata(String name, Metadata m, Target target) {
        HttpResponse<String> r = Http.send(Http.request(target.base(), m.path()));
        if (m.body() == null) {
            assertThat(r.statusCode())
                    .as("%s: %s status (body %s)", target, name, r.body())
                    .isEqualTo(404);
            return;
        }
        assertThat(r.statusCode())
                .as("%s: %s status (body %s)", target, name, r.body())
                .isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .as("%s: %s Content-Type", target, name)
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("Cache-Control"))
                .as("%s: %s Cache-Control", target, name)
                .hasValue("public, max-age=3600");
        assertThat(r.headers().allValues("WWW-Authenticate"))
                .as("%s: %s challenge", target, name)
                .isEmpty();
        assertThat(r.body()).as("%s: %s body", target, name).isEqualTo(m.body().apply(target, idp.issuer()));
    }

    private void checkAccepted(String name, Accepted a, Target target) {
        String token = a.token().apply(idp.token()).build();
        if (name.equals(REVOKED)) {
            idp.introspection().revoke(token); // the path does not introspect: the token is judged locally
        }
        HttpResponse<String> r = Http.get(target.base(), a.path(), token);
        assertThat(r.statusCode())
                .as("%s: %s status (body %s)", target, name, r.body())
                .isEqualTo(200);
        assertThat(r.headers().allValues("WWW-Authenticate"))
                .as("%s: %s challenge", target, name)
                .isEmpty();
        if (a.body() != null) {
            assertThat(r.body())
                    .as("%s: %s, what the application sees", target, name)
                    .isEqualTo(a.body());
        }
    }

    /**
     * Checks, after a WAR was undeployed, that no thread named {@link #THREAD_PREFIX}{@code *} is left:
     * waits up to {@code timeout} (a closed validator's threads end asynchronously), then fails naming
     * them.
     *
     * @param after what was undeployed, for the message
     * @param liveThreadNames the server's live thread names, as the harness can list them: for a server
     *        in the test JVM {@link #threadsOfThisJvm()}; for another process e.g. the servlet-filter test
     *        jar's {@code ThreadsServlet} in a probe WAR
     */
    public static void assertNoPortcullisThread(
            String after, Supplier<? extends Collection<String>> liveThreadNames, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> left = portcullisThreads(liveThreadNames.get());
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // bounded by the deadline
            left = portcullisThreads(liveThreadNames.get());
        }
        assertThat(left)
                .as("Portcullis threads alive %s after %s", timeout, after)
                .isEmpty();
    }

    private static List<String> portcullisThreads(Collection<String> names) {
        return names.stream().filter(n -> n.startsWith(THREAD_PREFIX)).sorted().toList();
    }

    /**
     * The live threads of this JVM, for a server embedded in the test JVM; less the testkit's
     * {@link LocalIdp} ({@code portcullis-localidp-*}), which is the test's, not the server's.
     */
    public static Supplier<List<String>> threadsOfThisJvm() {
        return () -> Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> !n.startsWith("portcullis-localidp-"))
                .toList();
    }

    /** The refusal's one line is there, with everything the client chose escaped on it; no line was forged. */
    private void checkLogLine(String name, Target target, String fingerprint) {
        assertThat(log.await(l -> l.contains("token " + fingerprint), Duration.ofSeconds(15)))
                .as("%s: the log line of %s (token %s)", target, name, fingerprint)
                .isTrue();
        assertThat(log.lines().stream().filter(l -> l.contains("token " + fingerprint)))
                .as("%s: %s", target, name)
                .allSatisfy(l -> assertThat(l).contains("Refused ").contains("FORGED-" + mark));
        assertNoForgedLine(target);
    }

    private void assertNoForgedLine(Target target) {
        assertThat(log.lines().stream()
                        .filter(l -> l.startsWith("FORGED") || l.startsWith("\"") || l.contains("\rFORGED")))
                .as("%s: forged log lines", target)
                .isEmpty();
    }
}
