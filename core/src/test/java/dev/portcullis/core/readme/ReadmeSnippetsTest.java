package dev.portcullis.core.readme;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's marked Java examples are the compiled regions of {@link ReadmeSnippets}, to the
 * character (indentation aside), and every region is shown in the README: an example that stops
 * compiling fails the build, and so does an edit of the README that the code does not follow.
 */
class ReadmeSnippetsTest {
    private static final Pattern README_BLOCK =
            Pattern.compile("<!-- snippet: ([a-z0-9-]+) -->\\s*\\n```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern REGION =
            Pattern.compile("// snippet: ([a-z0-9-]+)\\n(.*?)\\n\\s*// end\\n", Pattern.DOTALL);

    private static String read(Path p) throws IOException {
        return Files.readString(p).replace("\r\n", "\n");
    }

    private static Map<String, String> find(Pattern p, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            assertThat(out.put(m.group(1), dedent(m.group(2))))
                    .as("snippet " + m.group(1) + " twice")
                    .isNull();
        }
        return out;
    }

    /** The lines without the indentation they all share; trailing blanks dropped. */
    static String dedent(String block) {
        List<String> lines = block.lines().map(l -> l.stripTrailing()).toList();
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return b.toString().strip();
    }

    @Test
    void whenTheReadmeShowsAMarkedJavaExampleThenItIsACompiledRegionToTheCharacterAndViceVersa() throws IOException {
        Path core = Path.of("").toAbsolutePath();
        Map<String, String> readme = find(README_BLOCK, read(core.getParent().resolve("README.md")));
        Map<String, String> compiled =
                find(REGION, read(core.resolve("src/test/java/dev/portcullis/core/readme/ReadmeSnippets.java")));
        assertThat(compiled).as("regions in ReadmeSnippets.java").isNotEmpty();
        assertThat(readme.keySet()).as("marked README examples").containsExactlyInAnyOrderElementsOf(compiled.keySet());
        compiled.forEach((name, code) ->
                assertThat(readme.get(name)).as("README example " + name).isEqualTo(code));
    }
}
