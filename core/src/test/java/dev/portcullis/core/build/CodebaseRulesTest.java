package dev.portcullis.core.build;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the codebase that a compiler does not enforce, checked over every module's main
 * sources: nothing outside {@code core} reaches into {@code dev.portcullis.core.internal} (other
 * modules use the public API only), and no class in main code is over 300 lines except the two
 * cohesive algorithms that are allowed to be.
 */
class CodebaseRulesTest {
    private static final Set<String> ALLOWED_LONG = Set.of("JsonParser.java", "LocalIdp.java");
    private static final int MAX_LINES = 300;

    private static Path root() {
        Path core = Path.of("").toAbsolutePath();
        Path root = core.getParent();
        assertThat(root.resolve("pom.xml")).as("the project root above core").exists();
        return root;
    }

    private static List<Path> mainSources() {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void whenAModuleOtherThanCoreIsCompiledThenItDoesNotNameCoreInternal() {
        Path core = root().resolve("core");
        List<Path> sources = mainSources();
        assertThat(sources).hasSizeGreaterThan(50);
        List<String> offenders = sources.stream()
                .filter(p -> !p.startsWith(core))
                .filter(p -> read(p).contains("dev.portcullis.core.internal"))
                .map(p -> root().relativize(p).toString())
                .toList();
        assertThat(offenders)
                .as("main code outside core that names core.internal")
                .isEmpty();
    }

    @Test
    void whenAMainClassIsReadThenItHasAtMost300LinesUnlessItIsOneCohesiveAlgorithm() {
        List<String> tooLong = mainSources().stream()
                .filter(p -> !ALLOWED_LONG.contains(p.getFileName().toString()))
                .filter(p -> read(p).lines().count() > MAX_LINES)
                .map(p -> root().relativize(p) + " (" + read(p).lines().count() + " lines)")
                .toList();
        assertThat(tooLong).as("main classes over " + MAX_LINES + " lines").isEmpty();
    }
}
