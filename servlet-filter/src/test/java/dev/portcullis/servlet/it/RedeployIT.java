package dev.portcullis.servlet.it;

import dev.portcullis.testkit.LocalIdp;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Undeploying a protected application stops its key-fetching threads; redeploying works the same. */
@ExtendWith(ArquillianExtension.class)
class RedeployIT {
    static final LocalIdp IDP = LocalIdp.start();

    @Deployment(name = "app", managed = false, testable = false)
    static WebArchive app() {
        return Wars.protectedWar(
                "redeploy-app",
                Map.of(
                        "mp.jwt.verify.issuer", IDP.issuer(),
                        "mp.jwt.verify.audiences", "orders-api",
                        "mp.jwt.verify.publickey.location", IDP.jwksUri().toString()),
                EchoServlet.class);
    }

    @Deployment(name = "probe", managed = false, testable = false)
    static WebArchive probe() {
        return Wars.plainWar("redeploy-probe", ThreadsServlet.class);
    }

    @ArquillianResource
    Deployer deployer;

    @AfterAll
    static void stopIdp() {
        IDP.close();
    }

    private static URL url(String context) throws Exception {
        return new URL("http://127.0.0.1:" + System.getProperty("liberty.http.port") + "/" + context + "/");
    }

    @Test
    void whenRedeployedTwiceThenEachDeploymentValidatesAndLeavesNoThreadBehind() throws Exception {
        for (int round = 1; round <= 2; round++) {
            deployer.deploy("app");
            assertThat(Http.get(url("redeploy-app"), "orders", IDP.token().build())
                            .statusCode())
                    .as("round %d", round)
                    .isEqualTo(200);
            deployer.undeploy("app");
        }
        assertThat(IDP.jwksRequests())
                .as("each deployment has its own validator and cache")
                .isEqualTo(2);
        deployer.deploy("probe");
        try {
            String threads = "?";
            for (int i = 0; i < 50; i++) { // threads end asynchronously after shutdownNow: poll briefly
                threads = Http.get(url("redeploy-probe"), "threads", null).body();
                if (threads.isEmpty()) {
                    break;
                }
            }
            assertThat(threads).as("Portcullis threads alive after undeploy").isEmpty();
        } finally {
            deployer.undeploy("probe");
        }
    }
}
