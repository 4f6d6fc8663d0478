package dev.portcullis.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A strict JSON parser (RFC 8259) for token headers and claim sets, reading the decoded UTF-8 bytes
 * directly and building immutable values, with nothing in between; also the one reader of JSON that
 * arrives over the network (JWK Sets, discovery documents: {@link #parseObject(String)}).
 *
 * <ul>
 *   <li>The text is exactly one object, with only JSON whitespace (space, tab, LF, CR) around it.</li>
 *   <li>Member names are unique in every object, at every level (RFC 7515 §4, RFC 7519 §4): a
 *       duplicate refuses the whole text, whatever the values (also {@code null}).</li>
 *   <li>At most {@link #MAX_DEPTH} objects and arrays nested, the outer object included.</li>
 *   <li>Strings are well-formed UTF-8 (no overlong forms, no encoded surrogates, nothing above
 *       U+10FFFF), without raw control characters, with only RFC 8259's escapes; a {@code \\u}
 *       surrogate escape must be half of a pair.</li>
 *   <li>Numbers follow RFC 8259's grammar (no leading zeros, {@code +}, bare {@code .}, NaN or
 *       Infinity). Integers that fit a {@code long} become {@link Long}; every other number
 *       becomes {@link Double} (an integer beyond the {@code long} range loses precision, as
 *       {@code 1e30} would); a number whose magnitude exceeds the {@code double} range refuses the
 *       text.</li>
 *   <li>Objects become {@link JsonObject} (document order; members whose value is {@code null} are
 *       left out, as if absent), arrays {@link JsonArray} ({@code null} elements kept), strings
 *       {@link String}, {@code true}/{@code false} {@link Boolean}.</li>
 * </ul>
 *
 * <p>Never throws for any input (beyond running out of memory) and costs time linear in the input:
 * duplicate names are found through a hash seeded at random per JVM, so colliding names cannot be
 * precomputed. Well-known member names are returned as shared constants instead of new strings.
 */
final class JsonParser {
    /** The deepest nesting of objects and arrays accepted, the outer object counting as one. */
    static final int MAX_DEPTH = 32;

    /** Returned by the value readers when the text is refused; JSON null is Java null. */
    private static final Object FAIL = new Object();
    /** Returned by the value readers in checking mode ({@link #build} false) for any value but null. */
    private static final Object CHECKED = new Object();
    /** In a claim set being read ({@link #claimSet}): a member whose value is null, left out. */
    private static final Object ABSENT = new Object();

    private static final int SEED = new SecureRandom().nextInt();
    private static final int MULTIPLIER = 0x9E3779B1;

    /** Member names worth sharing: JOSE header parameters and the usual claims of access tokens. */
    private static final String[] KNOWN = {
        "alg",
        "kid",
        "typ",
        "cty",
        "crit",
        "b64",
        "jku",
        "jwk",
        "x5u",
        "x5c",
        "x5t",
        "x5t#S256",
        "iss",
        "sub",
        "aud",
        "exp",
        "nbf",
        "iat",
        "jti",
        "azp",
        "sid",
        "acr",
        "amr",
        "scope",
        "scp",
        "client_id",
        "auth_time",
        "nonce",
        "session_state",
        "at_hash",
        "upn",
        "groups",
        "roles",
        "realm_access",
        "resource_access",
        "allowed-origins",
        "account",
        "email",
        "email_verified",
        "name",
        "preferred_username",
        "given_name",
        "family_name",
        "tid",
        "oid",
        "ver",
        "cid",
        "uid"
    };
    /** The known names by {@link #shape}, with their bytes and seeded hashes. */
    private static final String[] KNOWN_TABLE = new String[256];

    private static final byte[][] KNOWN_BYTES = new byte[256][];
    private static final int[] KNOWN_HASHES = new int[256];
    /** The index in {@link #KNOWN} of the name in each slot: its bit in an object's set of known names. */
    private static final int[] KNOWN_INDEX = new int[256];
    /** The seeded hash of each known name, by its index in {@link #KNOWN}. */
    private static final int[] KNOWN_HASH_BY_INDEX = new int[KNOWN.length];
    /**
     * The known claims that every validation reads (by their bit, their index in {@link #KNOWN}):
     * a lazy claim set builds them while parsing, instead of reading them again when first read.
     */
    private static final long EAGER = bits("iss", "sub", "aud", "exp", "nbf", "iat", "scope", "scp");

    /** The bytes a string may hold as they are: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
        if (KNOWN.length > Long.SIZE) {
            throw new ExceptionInInitializerError("one long holds an object's known names");
        }
        for (int k = 0; k < KNOWN.length; k++) {
            String name = KNOWN[k];
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            int slot = shape(bytes, 0, bytes.length);
            while (KNOWN_TABLE[slot] != null) {
                slot = (slot + 1) & (KNOWN_TABLE.length - 1);
            }
            KNOWN_TABLE[slot] = name;
            KNOWN_BYTES[slot] = bytes;
            KNOWN_HASHES[slot] = hash(bytes, 0, bytes.length);
            KNOWN_INDEX[slot] = k;
            KNOWN_HASH_BY_INDEX[k] = KNOWN_HASHES[slot];
        }
    }

    private final byte[] in;
    private final int end;
    private int pos;
    private int depth;
    /** Members and elements of the containers being read, innermost last. */
    private Object[] stack;
    /** The seeded hash of each member name on the stack (at the name's index). */
    private int[] hashes;

    private int top;
    /** The hash of the member name read last. */
    private int nameHash;
    /** The index in {@link #KNOWN} of the member name read last, or -1 if it is not a known name's constant. */
    private int knownIndex;
    /** For strings with escapes or non-ASCII characters; grown as needed, reused. */
    private char[] chars;
    /**
     * False while a value is only checked: every rule applies as when it is built, but strings,
     * numbers, arrays and objects are not created ({@link #CHECKED} stands for them).
     */
    private boolean build = true;
    /**
     * For {@link #parseClaims}: an earlier claim set (lazy) whose members are compared, byte for
     * byte, with this text's members in the same place; null for none.
     */
    private JsonObject template;
    /**
     * The stretch of the template's text found equal to this text last: template positions
     * {@code [runStart, runEnd)}, equal to this text's from {@code runStart + runOffset} on.
     */
    private int runStart;

    private int runEnd = -1;
    private int runOffset;

    private static long bits(String... names) {
        long bits = 0;
        for (String name : names) {
            bits |= 1L << known(name);
        }
        return bits;
    }

    /** How many well-known member names there are: {@link JsonObject#knownIndex} is below. */
    static int knownNames() {
        return KNOWN.length;
    }

    /** The well-known member name of index {@code k} ({@link JsonObject#knownIndex}). */
    static String knownName(int k) {
        return KNOWN[k];
    }

    /** The index of a well-known member name ({@link JsonObject#knownIndex}), or -1. */
    static int known(String name) {
        return Arrays.asList(KNOWN).indexOf(name);
    }

    private JsonParser(byte[] in, int from, int to, int capacity) {
        this.in = in;
        this.pos = from;
        this.end = to;
        this.stack = new Object[capacity];
        this.hashes = new int[capacity];
    }

    /** A parser sized for the text: about one member or element per 12 bytes in tokens (a header needs 8). */
    private JsonParser(byte[] in, int from, int to) {
        this(in, from, to, Math.max(8, Math.min(64, (to - from) / 12)));
    }

    /** The object that {@code utf8} holds, or null if it is not exactly one JSON object as above. */
    static JsonObject parseObject(byte[] utf8) {
        return parseObject(utf8, 0, utf8.length);
    }

    /**
     * The object that {@code text} holds, or null: {@link #parseObject(byte[])} of its UTF-8 encoding,
     * where a lone surrogate (a string that is not Unicode text) refuses it as well. For documents
     * that arrive as strings: JWK Sets (fetched or configured) and discovery documents.
     */
    static JsonObject parseObject(String text) {
        ByteBuffer utf8;
        try {
            utf8 = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException loneSurrogate) {
            return null;
        }
        byte[] bytes = new byte[utf8.remaining()];
        utf8.get(bytes);
        return parseObject(bytes);
    }

    /**
     * For the benchmarks module, which measures the parser on its own: {@link #parseObject(byte[])} as
     * a plain {@link java.util.Map} (deeply immutable), or null. Not used by the validator.
     */
    public static java.util.Map<String, Object> parse(byte[] utf8) {
        return parseObject(utf8);
    }

    /**
     * As {@link #parseObject(byte[])}, but the member values of the outer object are only checked,
     * and each is built when it is first read ({@link JsonObject#value(int)}), from {@code utf8}, which
     * the object keeps and which must not change. For claim sets: a validation reads a few claims.
     * The claims that every validation reads ({@code iss}, {@code sub}, {@code aud}, {@code exp},
     * {@code nbf}, {@code iat}, {@code scope}, {@code scp}) are built at once, saving a second read.
     */
    static JsonObject parseClaims(byte[] utf8) {
        return parseClaims(utf8, null);
    }

    /**
     * As {@link #parseClaims(byte[])}, with an earlier claim set as a template: tokens from one issuer
     * repeat most of their claims byte for byte ({@code iss}, {@code aud}, {@code azp}, roles,
     * {@code scope}, ...). Each member of the outer object is compared with the template's member in
     * the same place; a member whose bytes (name, colon, value) are the same, followed by what may
     * end a value, is taken as it is: the same text at the same depth is accepted and builds the same
     * value, so the value the template built already is shared. A member whose name and colon are the
     * same skips reading the name. Anything else is read as without a template. So the result is the
     * same as without a template, whatever the template (null, or not lazy, is no template).
     */
    static JsonObject parseClaims(byte[] utf8, JsonObject template) {
        // The outer object's members go straight into the claim set's arrays (claimSet), so the
        // stack holds only what nested values need.
        JsonParser p = new JsonParser(utf8, 0, utf8.length, 8);
        p.template = template != null && template.isLazy() ? template : null;
        return p.outerObject(true);
    }

    /**
     * The value in {@code [from, to)} of a text that {@link #parseClaims} accepted, at nesting depth
     * 2 (a member of the outer object).
     */
    static Object memberValue(byte[] utf8, int from, int to) {
        JsonParser p = new JsonParser(utf8, from, to);
        p.depth = 1;
        Object value = p.value();
        if (value == FAIL || value == null || p.pos != to) {
            throw new IllegalStateException("a member value that was accepted does not parse again");
        }
        return value;
    }

    /** The object that the bytes {@code [from, to)} hold, or null. */
    static JsonObject parseObject(byte[] utf8, int from, int to) {
        return new JsonParser(utf8, from, to).outerObject(false);
    }

    /** The one object of the text, or null; a lazy claim set if {@code claims} ({@link #claimSet}). */
    private JsonObject outerObject(boolean claims) {
        skipWhitespace();
        if (pos >= end || in[pos] != '{') {
            return null;
        }
        Object value = claims ? claimSet() : value();
        if (value == FAIL) {
            return null;
        }
        skipWhitespace();
        return pos == end ? (JsonObject) value : null;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = in[pos];
            // Above the space: no whitespace, in one comparison (the usual case: tokens are compact).
            if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) {
                return;
            }
            pos++;
        }
    }

    private Object value() {
        if (pos >= end) {
            return FAIL;
        }
        byte c = in[pos];
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string(false);
            case 't':
                return literal("true") ? true : FAIL;
            case 'f':
                return literal("false") ? false : FAIL;
            case 'n':
                return literal("null") ? null : FAIL;
            default:
                return c == '-' || (c >= '0' && c <= '9') ? number() : FAIL;
        }
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    private Object object() {
        if (++depth > MAX_DEPTH) {
            return FAIL;
        }
        pos++; // {
        int start = top;
        skipWhitespace();
        if (pos < end && in[pos] == '}') {
            pos++;
            depth--;
            return JsonObject.EMPTY;
        }
        // Known names (as their shared constants) are told apart by a bit each; only when another
        // name is among them (which might also be a known name, spelled with escapes) are all
        // names compared by hash below.
        long knownSeen = 0;
        boolean onlyKnown = true;
        while (true) {
            skipWhitespace();
            if (pos >= end || in[pos] != '"') {
                return FAIL;
            }
            Object name = string(true);
            if (name == FAIL) {
                return FAIL;
            }
            int hash = nameHash;
            int known = knownIndex; // reading the value may read other names
            if (known >= 0) {
                long bit = 1L << known;
                if ((knownSeen & bit) != 0) {
                    return FAIL;
                }
                knownSeen |= bit;
            } else {
                onlyKnown = false;
            }
            skipWhitespace();
            if (pos >= end || in[pos] != ':') {
                return FAIL;
            }
            pos++;
            skipWhitespace();
            Object value = value();
            if (value == FAIL) {
                return FAIL;
            }
            push(name, hash);
            push(value, 0);
            skipWhitespace();
            if (pos >= end) {
                return FAIL;
            }
            byte c = in[pos++];
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return FAIL;
            }
        }
        if (!onlyKnown && !namesUnique(stack, hashes, start, top, 2)) {
            return FAIL;
        }
        if (!build) {
            top = start;
            depth--;
            return CHECKED;
        }
        int present = 0;
        for (int i = start + 1; i < top; i += 2) {
            if (stack[i] != null) {
                present++;
            }
        }
        String[] names = new String[present];
        Object[] values = new Object[present];
        for (int i = start, j = 0; i < top; i += 2) {
            Object value = stack[i + 1];
            if (value != null) {
                names[j] = (String) stack[i];
                values[j++] = value;
            }
        }
        top = start;
        depth--;
        return present == 0 ? JsonObject.EMPTY : new JsonObject(names, values);
    }

    /**
     * The outer object of a claim set ({@link #parseClaims}), lazy: as {@link #object}, but each
     * member value is only checked (the claims every validation reads, {@link #EAGER}, are built),
     * and where it starts and ends is kept, so that it is built when first read. The members go
     * straight into the claim set's arrays, sized by the template, instead of through the stack.
     *
     * <p>With a {@link #template}, each member is first compared with the template's member in the
     * same place, else the next one (a member left out, or null); after a member found in neither,
     * the same place is tried again ({@link #compare}). A member found whole takes the template's
     * name and the value the template built, if it did; one whose name alone is the same skips
     * reading the name.
     */
    private Object claimSet() {
        depth = 1;
        pos++; // {
        skipWhitespace();
        if (pos < end && in[pos] == '}') {
            pos++;
            depth--;
            return JsonObject.EMPTY;
        }
        JsonObject model = template;
        // Without a template, about one member per 40 bytes in access tokens.
        int capacity = model != null ? model.size() : Math.max(8, Math.min(64, (end - pos) / 40));
        String[] names = new String[capacity];
        Object[] values = new Object[capacity];
        int[] spans = new int[3 * capacity];
        int[] nameHashes = new int[capacity];
        boolean onlyKnown = true;
        int n = 0; // members read, those whose value is null included
        int nulls = 0;
        int reused = 0;
        long knownSeen = 0;
        int modelMember = 0;
        int misses = 0;
        while (true) {
            skipWhitespace();
            if (pos >= end || in[pos] != '"') {
                return FAIL;
            }
            int nameStart = pos;
            int found = NOTHING;
            if (model != null) {
                if (modelMember < model.size()) {
                    found = compare(model, modelMember);
                }
                if (found == NOTHING && modelMember + 1 < model.size()) {
                    found = compare(model, modelMember + 1);
                    if (found != NOTHING) {
                        modelMember++;
                    }
                }
                // A template of another shape: after a few members found nowhere, read on without it.
                misses = found == NOTHING ? misses + 1 : 0;
                if (misses == MAX_MISSES) {
                    model = null;
                }
            }
            String name;
            int known;
            int hash;
            if (found == NOTHING) {
                Object read = string(true);
                if (read == FAIL) {
                    return FAIL;
                }
                name = (String) read;
                known = knownIndex;
                hash = nameHash;
            } else {
                name = model.name(modelMember);
                known = model.knownIndex(modelMember);
                hash = known >= 0 ? KNOWN_HASH_BY_INDEX[known] : hash(name);
            }
            if (known >= 0) {
                long bit = 1L << known;
                if ((knownSeen & bit) != 0) {
                    return FAIL;
                }
                knownSeen |= bit;
            } else {
                onlyKnown = false;
            }
            int valueStart;
            Object value;
            if (found == MEMBER) {
                // The same bytes as the template's member, up to what ends a value: the same value.
                valueStart = nameStart + model.nameLength(modelMember);
                value = model.builtValue(modelMember);
                reused++;
            } else {
                if (found == NOTHING) {
                    skipWhitespace();
                    if (pos >= end || in[pos] != ':') {
                        return FAIL;
                    }
                    pos++;
                }
                skipWhitespace();
                valueStart = pos;
                build = known >= 0 && (EAGER & 1L << known) != 0;
                value = value();
                build = true;
                if (value == FAIL) {
                    return FAIL;
                }
                if (value == null) {
                    value = ABSENT; // left out of the claim set, but its name still counts
                    nulls++;
                } else if (value == CHECKED) {
                    value = null; // built when first read
                }
            }
            if (found != NOTHING) {
                modelMember++;
            }
            if (n == names.length) {
                int grown = Math.max(8, 2 * n);
                names = Arrays.copyOf(names, grown);
                values = Arrays.copyOf(values, grown);
                spans = Arrays.copyOf(spans, 3 * grown);
                nameHashes = Arrays.copyOf(nameHashes, grown);
            }
            nameHashes[n] = hash;
            names[n] = name;
            values[n] = value;
            spans[3 * n] = valueStart;
            spans[3 * n + 1] = pos;
            spans[3 * n + 2] = meta(valueStart - nameStart, known);
            n++;
            skipWhitespace();
            if (pos >= end) {
                return FAIL;
            }
            byte c = in[pos++];
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return FAIL;
            }
        }
        if (!onlyKnown && !namesUnique(names, nameHashes, 0, n, 1)) {
            return FAIL;
        }
        depth--;
        int present = n - nulls;
        if (present == 0) {
            return JsonObject.EMPTY;
        }
        if (present != names.length) {
            String[] keptNames = new String[present];
            Object[] keptValues = new Object[present];
            int[] keptSpans = new int[3 * present];
            for (int i = 0, j = 0; i < n; i++) {
                if (values[i] != ABSENT) {
                    keptNames[j] = names[i];
                    keptValues[j] = values[i];
                    System.arraycopy(spans, 3 * i, keptSpans, 3 * j, 3);
                    j++;
                }
            }
            names = keptNames;
            values = keptValues;
            spans = keptSpans;
        }
        return new JsonObject(names, values, in, spans, reused);
    }

    /**
     * True if the names at {@code names[from]}, {@code names[from + step]}, ... before {@code to}
     * are pairwise different; {@code hashes} holds their seeded hashes at the same indexes.
     */
    private static boolean namesUnique(Object[] names, int[] hashes, int from, int to, int step) {
        int members = (to - from) / step;
        if (members <= 8) {
            for (int i = from; i < to; i += step) {
                for (int j = i + step; j < to; j += step) {
                    if (hashes[i] == hashes[j] && names[i].equals(names[j])) {
                        return false;
                    }
                }
            }
            return true;
        }
        int mask = Integer.highestOneBit(members * 2 - 1) * 2 - 1;
        int[] table = new int[mask + 1]; // index + 1 of the name in each slot, 0 for none
        for (int i = from; i < to; i += step) {
            int slot = hashes[i] & mask;
            while (table[slot] != 0) {
                int j = table[slot] - 1;
                if (hashes[i] == hashes[j] && names[i].equals(names[j])) {
                    return false;
                }
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
        return true;
    }

    private Object array() {
        if (++depth > MAX_DEPTH) {
            return FAIL;
        }
        pos++; // [
        int start = top;
        skipWhitespace();
        if (pos < end && in[pos] == ']') {
            pos++;
            depth--;
            return JsonArray.EMPTY;
        }
        while (true) {
            skipWhitespace();
            Object value = value();
            if (value == FAIL) {
                return FAIL;
            }
            push(value, 0);
            skipWhitespace();
            if (pos >= end) {
                return FAIL;
            }
            byte c = in[pos++];
            if (c == ']') {
                break;
            }
            if (c != ',') {
                return FAIL;
            }
        }
        if (!build) {
            top = start;
            depth--;
            return CHECKED;
        }
        Object[] elements = Arrays.copyOfRange(stack, start, top);
        top = start;
        depth--;
        return new JsonArray(elements);
    }

    /**
     * A member's name length (from its quote to its value, colon and whitespace included) and the
     * index of its name in {@link #KNOWN} (-1 for none) in one int: the length times 128, plus the
     * index plus one. 0 when the length does not fit (no template match is tried then).
     */
    static int meta(int nameLength, int known) {
        return nameLength < (1 << 24) ? nameLength << 7 | (known + 1) : 0;
    }

    /** How many members in a row found in no place of the template make the parser give it up. */
    static final int MAX_MISSES = 3;

    /** What {@link #compare} found of a template member here. */
    private static final int NOTHING = 0;

    private static final int NAME = 1;
    private static final int MEMBER = 2;

    /**
     * Compares the text at {@link #pos} (a member's opening quote) with member {@code m} of
     * {@code model}: {@link #MEMBER} if its bytes from the name to the end of the value are the same
     * and the next byte may follow a value (whitespace, comma or closing brace: a number cannot go on),
     * {@link #NAME} if the bytes up to the value are, else {@link #NOTHING}. Moves past what it found.
     * Compares as far as the two texts are equal, not just this member, so that the members after it
     * in that stretch need no comparing again.
     */
    private int compare(JsonObject model, int m) {
        int nameLength = model.nameLength(m);
        if (nameLength == 0) {
            return NOTHING;
        }
        int valueStart = model.valueStart(m);
        int valueEnd = model.valueEnd(m);
        int memberStart = valueStart - nameLength;
        int length = valueEnd - memberStart;
        if (pos - memberStart == runOffset && memberStart >= runStart && valueEnd < runEnd) {
            // Inside a stretch already found equal, the byte after the value included.
            pos += length;
            return MEMBER;
        }
        byte[] modelText = model.text();
        int mismatch = Arrays.mismatch(in, pos, end, modelText, memberStart, modelText.length);
        int equal = mismatch >= 0 ? mismatch : Math.min(end - pos, modelText.length - memberStart);
        // Remember the stretch: the template's next members often lie in it too.
        runOffset = pos - memberStart;
        runStart = memberStart;
        runEnd = memberStart + equal;
        if (equal >= length && pos + length < end && endsValue(in[pos + length])) {
            pos += length;
            return MEMBER;
        }
        if (equal >= nameLength) {
            pos += nameLength;
            return NAME;
        }
        return NOTHING;
    }

    private static boolean endsValue(byte b) {
        return b == ',' || b == '}' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private void push(Object value, int hash) {
        if (top == stack.length) {
            stack = Arrays.copyOf(stack, top * 2);
            hashes = Arrays.copyOf(hashes, top * 2);
        }
        hashes[top] = hash;
        stack[top++] = value;
    }

    /** A string at {@code pos} (its opening quote); for a member name, also sets {@link #nameHash}. */
    private Object string(boolean name) {
        int start = ++pos;
        if (!name) {
            byte[] b = in;
            int p = plainRun(b, start, end);
            if (p >= end) {
                return FAIL;
            }
            if (b[p] == '"') {
                pos = p + 1;
                return build ? ascii(b, start, p - start) : CHECKED;
            }
            if (b[p] >= 0 && b[p] < 0x20) {
                return FAIL;
            }
            Object decoded = decodedString(start, false); // an escape or a multi-byte character
            return build || decoded == FAIL ? decoded : CHECKED;
        }
        byte[] b = in;
        int p = plainRun(b, start, end);
        if (p >= end) {
            return FAIL;
        }
        if (b[p] == '"') {
            int length = p - start;
            pos = p + 1;
            int slot = shape(b, start, length);
            byte[] candidate;
            while ((candidate = KNOWN_BYTES[slot]) != null) {
                if (candidate.length == length && same(candidate, b, start)) {
                    nameHash = KNOWN_HASHES[slot];
                    knownIndex = KNOWN_INDEX[slot];
                    return KNOWN_TABLE[slot];
                }
                slot = (slot + 1) & (KNOWN_TABLE.length - 1);
            }
            nameHash = hash(b, start, length);
            knownIndex = -1;
            return ascii(b, start, length);
        }
        if (b[p] >= 0 && b[p] < 0x20) {
            return FAIL;
        }
        knownIndex = -1;
        return decodedString(start, true);
    }

    /**
     * The index of the first byte in {@code [from, to)} that a string cannot hold as it is (the
     * quote, the backslash, a control character or a byte of a multi-byte character), or {@code to}.
     * Eight bytes at a time: for each of the four kinds, the lowest flagged byte of a word is exact
     * (a borrow can only flag bytes above a true hit), so the lowest flag of their union is the first
     * such byte.
     */
    static int plainRun(byte[] b, int from, int to) {
        int p = from;
        while (to - p >= Long.BYTES) {
            long x = (long) LONGS.get(b, p);
            long quote = x ^ 0x2222222222222222L;
            long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
            long special = x // a high bit: not ASCII
                    | ((x - 0x2020202020202020L) & ~x) // below 0x20
                    | ((quote - 0x0101010101010101L) & ~quote)
                    | ((backslash - 0x0101010101010101L) & ~backslash);
            special &= 0x8080808080808080L;
            if (special != 0) {
                return p + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            p += Long.BYTES;
        }
        while (p < to && PLAIN[b[p] & 0xff]) {
            p++;
        }
        return p;
    }

    private static boolean same(byte[] known, byte[] b, int start) {
        for (int i = 0; i < known.length; i++) {
            if (known[i] != b[start + i]) {
                return false;
            }
        }
        return true;
    }

    /** Where a known name of these bytes would be: by length, first and last byte (no per-byte work). */
    private static int shape(byte[] b, int start, int length) {
        int first = length == 0 ? 0 : b[start];
        int last = length == 0 ? 0 : b[start + length - 1];
        return (length * 37 + first * 11 + last * 3) & (KNOWN_TABLE.length - 1);
    }

    /** The seeded hash of a name, over its characters (for names read with escapes, and from a template). */
    private static int hash(String name) {
        int h = SEED;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * MULTIPLIER;
        }
        return finish(h);
    }

    /** The seeded hash of an ASCII name: the same as {@link #hash(String)} of its characters. */
    private static int hash(byte[] b, int start, int length) {
        int h = SEED;
        for (int i = start; i < start + length; i++) {
            h = (h ^ b[i]) * MULTIPLIER;
        }
        return finish(h);
    }

    /**
     * A string of ASCII bytes. The deprecated constructor copies the bytes as they are, without the
     * charset lookup and decoding of the others (measured: 5% of the time to parse a claim set).
     */
    @SuppressWarnings("deprecation")
    private static String ascii(byte[] bytes, int start, int length) {
        return new String(bytes, 0, start, length);
    }

    /** The slow path of {@link #string}: escapes and multi-byte UTF-8, from the string's start. */
    private Object decodedString(int start, boolean name) {
        pos = start;
        int n = 0;
        if (chars == null || chars.length < 64) {
            chars = new char[64];
        }
        while (true) {
            if (pos >= end) {
                return FAIL;
            }
            if (n + 2 > chars.length) {
                chars = Arrays.copyOf(chars, chars.length * 2);
            }
            int c = in[pos] & 0xff;
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\') {
                int unit = escape();
                if (unit < 0) {
                    return FAIL;
                }
                if (Character.isHighSurrogate((char) unit)) {
                    int low = pos + 1 < end && in[pos] == '\\' && in[pos + 1] == 'u' ? escape() : -1;
                    if (low < 0 || !Character.isLowSurrogate((char) low)) {
                        return FAIL;
                    }
                    chars[n++] = (char) unit;
                    chars[n++] = (char) low;
                } else if (Character.isLowSurrogate((char) unit)) {
                    return FAIL;
                } else {
                    chars[n++] = (char) unit;
                }
            } else if (c < 0x20) {
                return FAIL;
            } else if (c < 0x80) {
                chars[n++] = (char) c;
                pos++;
            } else {
                int cp = codePoint(c);
                if (cp < 0) {
                    return FAIL;
                }
                if (cp >= 0x10000) {
                    chars[n++] = Character.highSurrogate(cp);
                    chars[n++] = Character.lowSurrogate(cp);
                } else {
                    chars[n++] = (char) cp;
                }
            }
        }
        String decoded = new String(chars, 0, n);
        if (name) {
            nameHash = hash(decoded);
        }
        return decoded;
    }

    /** The UTF-16 unit of the escape at {@code pos} (a backslash), or -1; moves past it. */
    private int escape() {
        if (pos + 1 >= end) {
            return -1;
        }
        byte e = in[pos + 1];
        pos += 2;
        switch (e) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (end - pos < 4) {
                    return -1;
                }
                int unit = 0;
                for (int i = 0; i < 4; i++) {
                    int d = hex(in[pos++]);
                    if (d < 0) {
                        return -1;
                    }
                    unit = (unit << 4) | d;
                }
                return unit;
            default:
                return -1;
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /**
     * The code point of the well-formed UTF-8 sequence at {@code pos} whose lead byte is {@code c}
     * (at least 0x80), or -1 (Unicode table 3-7: no overlong forms, no surrogates, at most
     * U+10FFFF); moves past it.
     */
    private int codePoint(int c) {
        int continuation;
        int cp;
        int min = 0x80;
        int max = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            continuation = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            continuation = 2;
            cp = c & 0x0F;
            if (c == 0xE0) {
                min = 0xA0;
            } else if (c == 0xED) {
                max = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            continuation = 3;
            cp = c & 0x07;
            if (c == 0xF0) {
                min = 0x90;
            } else if (c == 0xF4) {
                max = 0x8F;
            }
        } else {
            return -1;
        }
        if (end - pos <= continuation) {
            return -1;
        }
        for (int i = 1; i <= continuation; i++) {
            int b = in[pos + i] & 0xff;
            if (b < min || b > max) {
                return -1;
            }
            min = 0x80;
            max = 0xBF;
            cp = (cp << 6) | (b & 0x3F);
        }
        pos += continuation + 1;
        return cp;
    }

    private Object number() {
        int start = pos;
        boolean negative = in[pos] == '-';
        if (negative) {
            pos++;
        }
        if (pos >= end) {
            return FAIL;
        }
        int first = in[pos];
        if (first == '0') {
            pos++;
        } else if (first >= '1' && first <= '9') {
            while (pos < end && isDigit(in[pos])) {
                pos++;
            }
        } else {
            return FAIL;
        }
        int integerEnd = pos;
        boolean integral = true;
        if (pos < end && in[pos] == '.') {
            pos++;
            if (!digits()) {
                return FAIL;
            }
            integral = false;
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            if (!digits()) {
                return FAIL;
            }
            integral = false;
        }
        if (integral) {
            // Accumulated negatively, so Long.MIN_VALUE fits.
            long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
            long value = 0;
            boolean fits = true;
            for (int i = negative ? start + 1 : start; i < integerEnd; i++) {
                int d = in[i] - '0';
                if (value < limit / 10) {
                    fits = false;
                    break;
                }
                value *= 10;
                if (value < limit + d) {
                    fits = false;
                    break;
                }
                value -= d;
            }
            if (fits) {
                return build ? (Object) (negative ? value : -value) : CHECKED;
            }
        }
        double d = Double.parseDouble(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
        return Double.isInfinite(d) ? FAIL : build ? (Object) d : CHECKED;
    }

    private boolean digits() {
        int from = pos;
        while (pos < end && isDigit(in[pos])) {
            pos++;
        }
        return pos > from;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int finish(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
