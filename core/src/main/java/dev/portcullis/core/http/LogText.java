package dev.portcullis.core.http;

/**
 * Request and claim text made safe for one log line: at most {@value #MAX} characters (then
 * {@code ...}), every character outside printable ASCII written as {@code \r}, {@code \n},
 * {@code \t} or {@code \}{@code uXXXX}, and quote and backslash escaped, so that nothing a client
 * sends can end a log line, forge another, move the cursor of a terminal, or open a quoted field.
 */
final class LogText {
    static final int MAX = 200;

    private LogText() {}

    /** The escaped text; {@code "-"} for null; {@code text} itself when it needs no escaping. */
    static String escape(String text) {
        if (text == null) {
            return "-";
        }
        int n = Math.min(text.length(), MAX);
        int i = 0;
        while (i < n && plain(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(n + 16).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (plain(c)) {
                b.append(c);
            } else if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else {
                b.append("\\u")
                        .append(Character.forDigit(c >> 12 & 0xf, 16))
                        .append(Character.forDigit(c >> 8 & 0xf, 16))
                        .append(Character.forDigit(c >> 4 & 0xf, 16))
                        .append(Character.forDigit(c & 0xf, 16));
            }
        }
        return text.length() > MAX ? b.append("...").toString() : b.toString();
    }

    private static boolean plain(char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }
}
