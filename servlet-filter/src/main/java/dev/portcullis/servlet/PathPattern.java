package dev.portcullis.servlet;

/**
 * A servlet URL pattern (Servlet 6.0 §12.2): exact {@code /health}, path prefix {@code /api/*},
 * extension {@code *.html}, or the default {@code /*} / {@code /}. More specific patterns rank
 * higher: exact, then longer prefixes, then extensions, then the default.
 */
record PathPattern(String pattern, Kind kind, String value) {
    enum Kind {
        EXACT,
        PREFIX,
        EXTENSION,
        DEFAULT
    }

    static PathPattern parse(String pattern) {
        String p = pattern.strip();
        if (p.equals("/*") || p.equals("/")) {
            return new PathPattern(p, Kind.DEFAULT, "");
        }
        if (p.startsWith("*.") && p.length() > 2 && p.indexOf('/') < 0) {
            return new PathPattern(p, Kind.EXTENSION, p.substring(1));
        }
        if (p.startsWith("/") && p.endsWith("/*")) {
            return new PathPattern(p, Kind.PREFIX, p.substring(0, p.length() - 2));
        }
        if (p.startsWith("/") && p.indexOf('*') < 0) {
            return new PathPattern(p, Kind.EXACT, p);
        }
        throw new IllegalArgumentException(
                "'" + pattern + "' is not a servlet URL pattern:" + " expected /exact, /prefix/*, *.extension or /*");
    }

    /** True if {@code path} (the path within the application) matches. */
    boolean matches(String path) {
        return switch (kind) {
            case DEFAULT -> true;
            case EXACT -> path.equals(value);
            case PREFIX -> path.equals(value) || (path.startsWith(value) && path.charAt(value.length()) == '/');
            default -> path.endsWith(value) && path.length() - value.length() > path.lastIndexOf('/');
        };
    }

    /** Higher is more specific. */
    int rank() {
        return switch (kind) {
            case EXACT -> Integer.MAX_VALUE;
            case PREFIX -> 1_000 + value.length();
            case EXTENSION -> 500;
            default -> 0;
        };
    }
}
