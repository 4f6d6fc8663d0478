package dev.portcullis.jaxrs.it;

import dev.portcullis.jaxrs.PortcullisFeature;
import dev.portcullis.servlet.it.Counters;
import dev.portcullis.servlet.it.Http;
import dev.portcullis.servlet.it.Wars;
import dev.portcullis.testkit.LocalIdp;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A WAR with both the servlet filter and the JAX-RS adapter: one validator, one validation per request. */
@ExtendWith(ArquillianExtension.class)
class FilterAndAdapterTogetherIT {
    static final LocalIdp IDP = LocalIdp.start();

    @Deployment(testable = false)
    static WebArchive war() {
        return Wars.protectedWar(
                        "together-it",
                        Map.of(
                                "mp.jwt.verify.issuer", IDP.issuer(),
                                "mp.jwt.verify.audiences", "orders-api",
                                "mp.jwt.verify.publickey.location",
                                        IDP.jwksUri().toString(),
                                "portcullis.filter.exclude", "/validations",
                                "portcullis.realm", "orders"),
                        Resources.class,
                        Resources.RestApp.class,
                        Resources.Scoped.class,
                        Resources.Roles.class,
                        Resources.Plain.class,
                        Resources.CatchAll.class,
                        ValidationCountServlet.class)
                .addAsLibraries(Wars.jarOf(PortcullisFeature.class));
    }

    @ArquillianResource
    URL base;

    @AfterAll
    static void stopIdp() {
        IDP.close();
    }

    @Test
    void whenBothAreDeployedThenEachRequestIsValidatedOnceAndAnnotationsStillApply() {
        Map<String, Long> before = Counters.read(base, "validations");
        for (int i = 0; i < 5; i++) {
            assertThat(Http.get(
                                    base,
                                    "api/plain",
                                    IDP.token()
                                            .claim("groups", List.of("clerk"))
                                            .build())
                            .body())
                    .startsWith("name=alice;bearer=true;clerk=true");
        }
        assertThat(Http.get(base, "api/scoped/all", IDP.token().build()).statusCode())
                .isEqualTo(403);
        assertThat(Http.get(
                                base,
                                "api/roles/admin",
                                IDP.token().claim("groups", List.of("clerk")).build())
                        .statusCode())
                .isEqualTo(403);
        assertThat(Http.get(base, "api/plain", IDP.token().audience("account").build())
                        .statusCode())
                .isEqualTo(401);
        Map<String, Long> moved = Counters.moved(before, Counters.read(base, "validations"));
        // one validation per request (7 tokens accepted, 1 refused), not one per adapter; each 403 counted once
        assertThat(moved)
                .isEqualTo(Map.of(
                        "ACCEPTED", 7L, "WRONG_AUDIENCE", 1L, "INSUFFICIENT_SCOPE", 1L, "INSUFFICIENT_ROLE", 1L));
        assertThat(IDP.jwksRequests()).as("one shared key cache").isEqualTo(1);
    }
}
