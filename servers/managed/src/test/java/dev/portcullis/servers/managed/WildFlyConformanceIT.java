package dev.portcullis.servers.managed;

import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.asset.ArchiveAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance cases on WildFly (the default {@code standalone.xml}, which has the MicroProfile
 * Config and MicroProfile JWT subsystems): the filter WAR under Undertow, the JAX-RS WAR under
 * WildFly's own RESTEasy, both reading their settings through WildFly's MicroProfile Config.
 */
@DisabledIfSystemProperty(named = "wildfly.skip", matches = "true", disabledReason = "-Dwildfly.skip")
class WildFlyConformanceIT extends ManagedServerConformance {
    private List<WebArchive> wars;

    @Override
    ManagedServer start(List<WebArchive> wars, Path workDir) {
        this.wars = wars;
        return WildFlyServer.start(Path.of(System.getProperty("wildfly.home", "target/wildfly")), workDir, wars);
    }

    /**
     * WildFly turns its MicroProfile JWT on for a WAR only when an {@code Application} subclass has
     * {@code @LoginConfig(authMethod = "MP-JWT")} or web.xml says {@code <auth-method>MP-JWT}; the
     * {@code mp.jwt.verify.*} settings alone do not. Nothing in our WARs says either, and WildFly's
     * TRACE line for the activation never appears. (That every refusal in the cases carries
     * Portcullis' realm and JSON body shows the answers are ours, not WildFly's.)
     */
    @Test
    void wildFlysOwnMicroProfileJwtStaysOffForBothWars() {
        for (WebArchive war : wars) {
            assertThat(entriesMentioning(war, "org/eclipse/microprofile/auth/LoginConfig"))
                    .as("classes of %s that use @LoginConfig", war.getName()).isEmpty();
            assertThat(entriesMentioning(war, "MP-JWT")).as("entries of %s naming MP-JWT", war.getName()).isEmpty();
        }
        assertThat(server().log().lines()).as("WildFly's MicroProfile JWT activations in %s", server().log())
                .noneMatch(l -> l.contains(WildFlyServer.JWT_ACTIVATION));
    }

    /** Paths of the entries (in nested jars too) whose bytes contain {@code text}. */
    private static List<String> entriesMentioning(Archive<?> archive, String text) {
        List<String> out = new ArrayList<>();
        archive.getContent().forEach((path, node) -> {
            if (node.getAsset() instanceof ArchiveAsset nested) {
                entriesMentioning(nested.getArchive(), text).forEach(p -> out.add(path.get() + "!" + p));
            } else if (node.getAsset() != null) {
                try (InputStream in = node.getAsset().openStream()) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    in.transferTo(bytes);
                    if (bytes.toString(StandardCharsets.ISO_8859_1).contains(text)) {
                        out.add(path.get());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return out;
    }
}
