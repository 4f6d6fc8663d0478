package dev.portcullis.servlet.it;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.servlet.PortcullisFilter;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.jws.JsonWebSignature;

import java.io.File;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test WARs as a user would build them: their classes, the Portcullis jars in WEB-INF/lib, and
 * MicroProfile Config. Shared with the other modules' integration tests through this module's
 * test jar.
 */
public final class Wars {
    private Wars() {}

    /** A WAR with the given classes, protected by the Portcullis filter jar, configured by {@code config}. */
    public static WebArchive protectedWar(String name, Map<String, String> config, Class<?>... classes) {
        return war(name, config, classes).addAsLibraries(jarOf(PortcullisFilter.class));
    }

    /** A WAR with the given classes, Portcullis core and its dependencies, configured by {@code config}. */
    public static WebArchive war(String name, Map<String, String> config, Class<?>... classes) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(classes)
                .addAsResource(new StringAsset(properties(config)), "META-INF/microprofile-config.properties")
                .addAsLibraries(
                        jarOf(TokenValidator.class),
                        jarOf(JsonWebSignature.class),
                        jarOf(Caffeine.class),
                        jarOf(org.slf4j.LoggerFactory.class));
    }

    /** A WAR without Portcullis. */
    public static WebArchive plainWar(String name, Class<?>... classes) {
        return ShrinkWrap.create(WebArchive.class, name + ".war").addClasses(classes);
    }

    private static String properties(Map<String, String> config) {
        return config.entrySet().stream()
                .map(e -> e.getKey().replace(":", "\\:").replace("=", "\\=") + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The jar a class comes from (a directory of classes when run from an IDE). */
    public static JavaArchive jarOf(Class<?> type) {
        File location;
        try {
            location = new File(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (location.isFile()) {
            return ShrinkWrap.createFromZipFile(JavaArchive.class, location);
        }
        String name = location.getParentFile().getParentFile().getName() + ".jar";
        return ShrinkWrap.create(ExplodedImporter.class, name)
                .importDirectory(location)
                .as(JavaArchive.class);
    }
}
