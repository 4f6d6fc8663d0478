package dev.portcullis.servers;

import dev.portcullis.servlet.it.Wars;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** WARs written out as the directories a server deploys, and the JAX-RS implementation a WAR bundles. */
public final class ExplodedWars {
    /** System property naming the directory of the JAX-RS implementation's jars (Jersey), filled by the build. */
    public static final String JERSEY_DIR = "portcullis.jersey.dir";

    private ExplodedWars() {}

    /**
     * Writes {@code war} as directory {@code <parent>/<name without .war>}, replacing what was there, by
     * unzipping the packed WAR as a server does. (ShrinkWrap's {@code ExplodedExporter} would explode the
     * jars of {@code WEB-INF/lib} into directories too, and servers look for fragments in jar files only.)
     */
    public static Path explode(WebArchive war, Path parent) {
        String name = war.getName().replaceFirst("\\.war$", "");
        Path dir = parent.resolve(name);
        try {
            deleteTree(dir);
            Files.createDirectories(dir);
            try (ZipInputStream zip =
                    new ZipInputStream(war.as(ZipExporter.class).exportAsInputStream())) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    Path to = dir.resolve(e.getName()).normalize();
                    if (!to.startsWith(dir)) {
                        throw new IOException("entry outside the WAR: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(to);
                    } else {
                        Files.createDirectories(to.getParent());
                        Files.copy(zip, to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Adds what a Tomcat or Jetty user adds to a JAX-RS WAR: the JAX-RS API and an implementation
     * (Jersey's servlet container and its injection), from {@value #JERSEY_DIR}.
     */
    public static WebArchive withJersey(WebArchive war) {
        String dir = System.getProperty(JERSEY_DIR);
        if (dir == null) {
            throw new IllegalStateException("system property " + JERSEY_DIR + " is not set (the build sets it)");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith("jersey-container-servlet"))) {
            throw new IllegalStateException("no Jersey servlet container in " + dir);
        }
        jars.forEach(j -> war.addAsLibrary(j.toFile(), j.getFileName().toString()));
        return war.addAsLibraries(Wars.jarOf(jakarta.ws.rs.core.Application.class));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
