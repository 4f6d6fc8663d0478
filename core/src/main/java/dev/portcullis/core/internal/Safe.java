package dev.portcullis.core.internal;

/** Renders untrusted values for log details: short, printable ASCII, quotes and controls removed. */
final class Safe {
    static final int MAX = 40;

    private Safe() {}

    /** A short, sanitized rendering of a claim or header value for logs. */
    public static String describe(Object value) {
        if (value == null) {
            return "(absent)";
        }
        if (!(value instanceof String s)) {
            return "("
                    + (value instanceof Number
                            ? "number"
                            : value instanceof Boolean
                                    ? "boolean"
                                    : value instanceof java.util.List ? "array" : "object")
                    + ")";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8).append('\'');
        for (int i = 0; i < s.length() && i < MAX; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f && c != '\'' && c != '"' && c != '\\' ? c : '?');
        }
        if (s.length() > MAX) {
            b.append("...");
        }
        return b.append('\'').toString();
    }
}
