package dev.portcullis.samples.demo;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import dev.portcullis.testkit.TokenBuilder;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo prints once Open Liberty is up: the numbered cases against the local identity provider, each a title,
 * the expected answer and a copy-paste {@code curl} line, or the few lines to try against an external issuer.
 */
final class DemoCases {
    private DemoCases() {}

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
}
