package dev.portcullis.core.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference reading of {@link JsonParser}'s differential test: Jackson's streaming parser
 * (jackson-core 3), configured strictly, reading the same bytes into a plain tree.
 *
 * <ul>
 *   <li>{@code STRICT_DUPLICATE_DETECTION} on; every {@link JsonReadFeature} off (no comments, single
 *       quotes, unquoted names, NaN/Infinity, leading zeros or plus, bare decimal points, hexadecimal
 *       numbers, trailing commas, missing values, unescaped controls, any-character escapes);</li>
 *   <li>its own UTF-8 decoder, which refuses overlong forms, encoded surrogates, code points above
 *       U+10FFFF and stray bytes. Jackson guesses UTF-16 or UTF-32 from NUL bytes among the first four:
 *       such an input is instead decoded as UTF-8 by the JDK (refusing malformed input) and given to
 *       Jackson as characters, so that it judges the bytes as UTF-8 like everything else;</li>
 *   <li>the top level must be one object and nothing but whitespace may follow it (ours reads only
 *       objects);</li>
 *   <li>{@link StreamReadConstraints}: nesting at most {@link JsonParser#MAX_DEPTH} (our deliberate
 *       limit, so that the test checks the two count depth alike), no limit on the length of numbers,
 *       strings, names or the document.</li>
 * </ul>
 *
 * <p>The tree: {@link LinkedHashMap} (document order, {@code null} members kept), {@link ArrayList},
 * {@link String}, {@link Boolean}, {@code null}, and {@link Num} for numbers, their exact text.
 */
final class JacksonReference {
    /** A number as Jackson read it: its text, and whether it is an integer (no fraction, no exponent). */
    record Num(String text, boolean integral) {}

    private static final JsonFactory STRICT = strictFactory();

    private JacksonReference() {}

    private static JsonFactory strictFactory() {
        var builder = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .disable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(JsonParser.MAX_DEPTH)
                        .maxNumberLength(Integer.MAX_VALUE)
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNameLength(Integer.MAX_VALUE)
                        .maxDocumentLength(-1)
                        .maxTokenCount(-1)
                        .build());
        for (JsonReadFeature feature : JsonReadFeature.values()) {
            builder.disable(feature);
        }
        return builder.build();
    }

    /** The object the bytes hold as Jackson reads them strictly, or null if it refuses them. */
    static Map<String, Object> read(byte[] utf8) {
        try (tools.jackson.core.JsonParser p = open(utf8)) {
            if (p == null || p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) value(p);
            return p.nextToken() == null ? root : null;
        } catch (JacksonException | Unclosed refused) {
            return null;
        }
    }

    /** A parser reading {@code utf8} as UTF-8; null if it is not UTF-8 at all. */
    private static tools.jackson.core.JsonParser open(byte[] utf8) {
        for (int i = 0; i < Math.min(4, utf8.length); i++) {
            if (utf8[i] == 0) {
                try {
                    String text = StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(utf8))
                            .toString();
                    return STRICT.createParser(ObjectReadContext.empty(), text);
                } catch (CharacterCodingException notUtf8) {
                    return null;
                }
            }
        }
        return STRICT.createParser(ObjectReadContext.empty(), utf8);
    }

    /** The value whose first token is current. */
    private static Object value(tools.jackson.core.JsonParser p) {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    object.put(name, value(p));
                }
                if (p.currentToken() != JsonToken.END_OBJECT) {
                    throw new Unclosed();
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = p.nextToken(); next != JsonToken.END_ARRAY; next = p.nextToken()) {
                    if (next == null) {
                        throw new Unclosed();
                    }
                    array.add(value(p));
                }
                return array;
            }
            case VALUE_STRING -> {
                return p.getString();
            }
            case VALUE_NUMBER_INT -> {
                return new Num(p.getText(), true);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Num(p.getText(), false);
            }
            case VALUE_TRUE -> {
                return true;
            }
            case VALUE_FALSE -> {
                return false;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new Unclosed();
        }
    }

    /** The input ended inside a container, or a token came where none may (Jackson normally throws first). */
    private static final class Unclosed extends RuntimeException {
        Unclosed() {
            super(null, null, false, false);
        }
    }
}
