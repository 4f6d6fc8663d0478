package dev.portcullis.core.internal;

import java.util.Map;

/** The parser's entry points as plain maps, for the parser's tests and fuzzing. */
final class JsonParsing {
    private JsonParsing() {}

    /** {@link JsonParser#parseObject(byte[])}, or null. */
    static Map<String, Object> parse(byte[] utf8) {
        return JsonParser.parseObject(utf8);
    }

    /** {@link JsonParser#parseClaims(byte[])}, or null. */
    static Map<String, Object> parseLazily(byte[] utf8) {
        return JsonParser.parseClaims(utf8);
    }

    /**
     * {@link JsonParser#parseClaims(byte[], JsonObject)}, with {@code template} a result of this method
     * or of {@link #parseLazily(byte[])} (anything else is no template), or null.
     */
    static Map<String, Object> parseLazily(byte[] utf8, Map<String, Object> template) {
        return JsonParser.parseClaims(utf8, template instanceof JsonObject o ? o : null);
    }

    /** How many members {@link JsonParser#parseClaims(byte[], JsonObject)} took whole from its template. */
    static int reusedMembers(Map<String, Object> claims) {
        return claims instanceof JsonObject o ? o.reused() : 0;
    }
}
