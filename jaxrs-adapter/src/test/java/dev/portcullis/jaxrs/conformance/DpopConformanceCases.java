package dev.portcullis.jaxrs.conformance;

import dev.portcullis.servlet.it.Http;
import dev.portcullis.testkit.DpopProof;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DPoP (RFC 9449) cases every adapter must answer the same way over HTTP: a bound token with its
 * proof passes, each attack of the proof or the binding is refused with the exact challenges (Bearer
 * bare, DPoP with the error; or the error in the Bearer challenge when the client used Bearer), and a
 * path or resource that requires DPoP refuses Bearer. The proofs are signed for the target's real
 * URL, as a client would.
 */
public final class DpopConformanceCases {
    private static final String ALGS = "algs=\"ES256 RS256 PS256 EdDSA\"";
    private static final String PROOF = "The DPoP proof is invalid";
    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    /** What a case sends: the path, the Authorization scheme and token, the DPoP header values. */
    private record Request(String path, String scheme, String token, List<String> proofs) {}

    /**
     * @param request the request, from the cases and the target's base URL
     * @param status the expected status
     * @param scheme the scheme whose challenge carries the error ({@code DPoP}, {@code Bearer}), or null if none
     * @param error the error code, or null for a 200
     * @param description the error description
     */
    private record Case(
            BiFunction<DpopConformanceCases, String, Request> request,
            int status,
            String scheme,
            String error,
            String description) {}

    private static void refused(
            String name, BiFunction<DpopConformanceCases, String, Request> request, String error, String description) {
        CASES.put(name, new Case(request, 401, "DPoP", error, description));
    }

    static {
        CASES.put(
                "DPoP: a bound token with its proof",
                new Case((c, url) -> c.dpop(url, c.client.uri(url)), 200, null, null, null));
        CASES.put(
                "DPoP: the same URI spelled otherwise (case, percent-encoding, trailing dot, query)",
                new Case((c, url) -> c.dpop(url, c.client.uri(spelledOtherwise(url))), 200, null, null, null));
        CASES.put(
                "DPoP: required resource, DPoP used",
                new Case((c, url) -> c.dpopAt("api/dpop", url), 200, null, null, null));
        refused(
                "DPoP: replayed proof",
                (c, url) -> {
                    String proof = c.client.uri(url).accessToken(c.token).build();
                    assertThat(Http.send(c.send(url, "DPoP", c.token, List.of(proof)))
                                    .statusCode())
                            .as("first use")
                            .isEqualTo(200);
                    return new Request(url, "DPoP", c.token, List.of(proof));
                },
                "invalid_dpop_proof",
                "The DPoP proof was already used");
        refused(
                "DPoP: proof for another method",
                (c, url) -> c.dpop(url, c.client.uri(url).method("POST")),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: proof for another URI",
                (c, url) -> c.dpop(url, c.client.uri(url.replace("api/plain", "api/scoped"))),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: proof for another port",
                (c, url) -> c.dpop(url, c.client.uri(url.replaceFirst(":(\\d+)/", ":1$1/"))),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: stale iat",
                (c, url) -> c.dpop(url, c.client.uri(url).issuedAt(Instant.now().minusSeconds(120))),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: iat in the future",
                (c, url) -> c.dpop(url, c.client.uri(url).issuedAt(Instant.now().plusSeconds(120))),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: jwk with its private key",
                (c, url) -> c.dpop(url, c.client.uri(url).privateMember("d", "AQAB")),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: proof with alg none",
                (c, url) -> c.dpop(url, c.client.uri(url).algorithm("none")),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: proof signed with HMAC",
                (c, url) -> c.dpop(url, c.client.uri(url).algorithm("HS256")),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: ath of another token",
                (c, url) -> new Request(
                        url,
                        "DPoP",
                        c.token,
                        List.of(c.client.uri(url).accessToken(c.token + "x").build())),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: oversized proof",
                (c, url) -> c.dpop(url, c.client.uri(url).claim("pad", "x".repeat(5_000))),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: scheme without a proof",
                (c, url) -> new Request(url, "DPoP", c.token, List.of()),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: two DPoP headers",
                (c, url) -> new Request(
                        url,
                        "DPoP",
                        c.token,
                        List.of(
                                c.client.uri(url).accessToken(c.token).build(),
                                c.client.uri(url).accessToken(c.token).build())),
                "invalid_dpop_proof",
                PROOF);
        refused(
                "DPoP: token bound to another key",
                (c, url) -> {
                    String other = c.idp.token()
                            .boundTo(DpopProof.of(TestKey.ec("other")).thumbprint())
                            .build();
                    return new Request(
                            url,
                            "DPoP",
                            other,
                            List.of(c.client.uri(url).accessToken(other).build()));
                },
                "invalid_token",
                "The access token is not bound to the key of the DPoP proof");
        refused(
                "DPoP: proof presented as the access token",
                (c, url) -> {
                    String proof = DpopProof.of(TestKey.rsa("client-rsa"))
                            .uri(url)
                            .accessToken(c.token)
                            .build();
                    return new Request(url, "DPoP", proof, List.of(proof));
                },
                "invalid_token",
                "The token is not an access token");
        CASES.put(
                "DPoP: bound token sent as Bearer",
                new Case(
                        (c, url) -> new Request(url, "Bearer", c.token, List.of()),
                        401,
                        "Bearer",
                        "invalid_token",
                        "The access token is bound to a key and needs a DPoP proof"));
        CASES.put(
                "DPoP: required resource, Bearer used",
                new Case(
                        (c, url) -> new Request(
                                url.replace("api/plain", "api/dpop"),
                                "Bearer",
                                c.idp.token().build(),
                                List.of()),
                        401,
                        "DPoP only",
                        "invalid_token",
                        "The access token must be presented with a DPoP proof"));
    }

    private final LocalIdp idp;
    private final DpopProof client = DpopProof.of(TestKey.ec("conformance-client"));
    private final String token;

    /** Cases against the conformance WARs of {@code idp}. */
    public DpopConformanceCases(LocalIdp idp) {
        this.idp = idp;
        this.token = idp.token().boundTo(client.thumbprint()).build();
    }

    /** The names of the cases, in order. */
    public static List<String> names() {
        return List.copyOf(new ArrayList<>(CASES.keySet()));
    }

    /** The scheme and host in upper case with a trailing dot, a percent-encoded unreserved character, a query and fragment. */
    private static String spelledOtherwise(String url) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("http://([^:/]+)(.*)api/plain").matcher(url);
        assertThat(m.matches()).as("base URL %s", url).isTrue();
        return "HTTP://" + m.group(1).toUpperCase(java.util.Locale.ROOT) + "." + m.group(2) + "api/%70lain?page=2#top";
    }

    private Request dpop(String url, DpopProof proof) {
        return new Request(url, "DPoP", token, List.of(proof.accessToken(token).build()));
    }

    private Request dpopAt(String path, String url) {
        String at = url.replace("api/plain", path);
        return new Request(
                at, "DPoP", token, List.of(client.uri(at).accessToken(token).build()));
    }

    private HttpRequest.Builder send(String url, String scheme, String accessToken, List<String> proofs) {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(url))
                .timeout(java.time.Duration.ofSeconds(20))
                .header("Authorization", scheme + " " + accessToken);
        proofs.forEach(p -> b.header("DPoP", p));
        return b;
    }

    /** Runs the case against {@code target} (its {@code api/plain}) and checks status, challenges and body. */
    public void check(String name, ConformanceCases.Target target) {
        Case c = CASES.get(name);
        assertThat(c).as("DPoP conformance case %s", name).isNotNull();
        Request request = c.request().apply(this, target.base() + "api/plain");
        HttpResponse<String> r = Http.send(send(request.path(), request.scheme(), request.token(), request.proofs()));
        assertThat(r.statusCode())
                .as("%s: %s status (body %s)", target, name, r.body())
                .isEqualTo(c.status());
        if (c.status() == 200) {
            assertThat(r.headers().allValues("WWW-Authenticate"))
                    .as("%s: %s challenge", target, name)
                    .isEmpty();
            return;
        }
        String realm = "realm=\"" + target.realm() + "\"";
        String error = "error=\"" + c.error() + "\", error_description=\"" + c.description() + "\"";
        // RFC 9728 §5.1: each challenge, of either scheme, points at the application's metadata
        String metadata = ", resource_metadata=\"" + ConformanceCases.resource(target, "")
                + "/.well-known/oauth-protected-resource\"";
        List<String> expected = switch (c.scheme()) {
            case "DPoP" ->
                List.of("Bearer " + realm + metadata, "DPoP " + realm + ", " + error + ", " + ALGS + metadata);
            case "Bearer" ->
                List.of("Bearer " + realm + ", " + error + metadata, "DPoP " + realm + ", " + ALGS + metadata);
            default -> List.of("DPoP " + realm + ", " + error + ", " + ALGS + metadata);
        };
        assertThat(r.headers().allValues("WWW-Authenticate"))
                .as("%s: %s challenges", target, name)
                .containsExactlyElementsOf(expected);
        assertThat(r.body())
                .as("%s: %s body", target, name)
                .isEqualTo("{\"error\":\"" + c.error() + "\",\"error_description\":\"" + c.description() + "\"}");
        assertThat(r.headers().firstValue("Cache-Control"))
                .as("%s: %s Cache-Control", target, name)
                .hasValue("no-store");
    }
}
