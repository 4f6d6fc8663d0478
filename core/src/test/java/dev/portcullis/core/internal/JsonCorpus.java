package dev.portcullis.core.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Our own cases in the categories of JSONTestSuite (Nicolas Seriot): {@code y_} must be accepted,
 * {@code n_} must be refused, {@code i_} is implementation-defined, and the case records our choice
 * and whether Jackson (strict) agrees or the difference is one of our deliberate ones
 * ({@link JsonDifferential}). Written for this project, not copied from the suite. Since our parser
 * reads only objects, a value under test sits in {@code {"a": ...}} ({@link #v}).
 */
final class JsonCorpus {
    /**
     * A case: its name, bytes, and, for {@code i_} cases, whether we accept it and the deliberate
     * choice that makes Jackson differ (null: Jackson agrees).
     */
    @SuppressWarnings("ArrayRecordComponent") // cases are never compared: equals and hashCode do not matter
    record Case(String name, byte[] bytes, boolean accept, JsonDifferential.Deliberate deliberate) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    private JsonCorpus() {}

    static List<Case> all() {
        return List.copyOf(CASES);
    }

    /** {@code {"a":value}}. */
    private static String v(String value) {
        return "{\"a\":" + value + "}";
    }

    /** Bytes of the parts: a String as UTF-8, a byte[] as is, an Integer as one raw byte. */
    private static byte[] b(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else if (part instanceof byte[] bytes) {
                out.writeBytes(bytes);
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    private static void y(String name, Object... parts) {
        CASES.add(new Case("y_" + name, b(parts), true, null));
    }

    private static void n(String name, Object... parts) {
        CASES.add(new Case("n_" + name, b(parts), false, null));
    }

    private static void i(String name, boolean accept, JsonDifferential.Deliberate deliberate, Object... parts) {
        CASES.add(new Case("i_" + name, b(parts), accept, deliberate));
    }

    private static String nested(int arrays) {
        return v("[".repeat(arrays) + "]".repeat(arrays));
    }

    private static String nestedObjects(int objects) {
        return "{\"a\":".repeat(objects - 1) + "{}" + "}".repeat(objects - 1);
    }

    static {
        // Objects and structure.
        y("object_empty", "{}");
        y("object_whitespace_around", " \t\r\n{ \t\r\n} \n");
        y("object_all_value_kinds", "{\"s\":\"x\",\"i\":1,\"f\":1.5,\"t\":true,\"f2\":false,\"o\":{},\"a\":[]}");
        y("object_member_order_kept", "{\"z\":1,\"a\":2,\"m\":3}");
        y("object_empty_name", "{\"\":1}");
        y("object_names_differ_in_case", "{\"a\":1,\"A\":2}");
        y("object_same_name_in_sibling_objects", "{\"a\":{\"x\":1},\"b\":{\"x\":2}}");
        y("object_nested", "{\"a\":{\"b\":{\"c\":{}}}}");
        y("object_jose_header", "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"k-1\"}");
        y(
                "object_claims",
                "{\"iss\":\"https://idp/realms/x\",\"aud\":[\"a\",\"b\"],\"exp\":1767225600,"
                        + "\"realm_access\":{\"roles\":[\"r1\",\"r2\"]},\"scope\":\"openid read:orders\"}");
        n("empty_input");
        n("whitespace_only", " \n");
        n("top_level_array", "[]");
        n("top_level_string", "\"a\"");
        n("top_level_number", "1");
        n("top_level_null", "null");
        n("object_unclosed", "{");
        n("object_unclosed_after_member", "{\"a\":1");
        n("object_trailing_comma", "{\"a\":1,}");
        n("object_leading_comma", "{,\"a\":1}");
        n("object_missing_colon", "{\"a\" 1}");
        n("object_double_colon", "{\"a\"::1}");
        n("object_missing_value", "{\"a\":}");
        n("object_missing_comma", "{\"a\":1 \"b\":2}");
        n("object_unquoted_name", "{a:1}");
        n("object_single_quoted_name", "{'a':1}");
        n("object_number_name", "{1:1}");
        n("object_two_roots", "{}{}");
        n("object_trailing_garbage", "{} x");
        n("object_closed_twice", "{}}");
        n("object_closed_by_bracket", "{\"a\":1]");
        n("comment_block", "{/* c */}");
        n("comment_line", "{// c\n}");
        n("comment_hash", "{# c\n}");
        // Arrays.
        y("array_empty", v("[]"));
        y("array_whitespace", v("[ 1 , 2 ]"));
        y("array_mixed", v("[1,\"a\",true,false,null,{},[]]"));
        y("array_nulls_kept", v("[null,null]"));
        y("array_nested", v("[[[]],[[],[]]]"));
        n("array_trailing_comma", v("[1,]"));
        n("array_leading_comma", v("[,1]"));
        n("array_missing_value", v("[1,,2]"));
        n("array_unclosed", v("[1"));
        n("array_colon", v("[1:2]"));
        // Literals.
        y("literals", v("[true,false,null]"));
        n("literal_capitalized", v("True"));
        n("literal_truncated", v("nul"));
        n("literal_extended", v("truex"));
        // Strings and escapes.
        y("string_empty", v("\"\""));
        y("string_printable_ascii", v("\" !#$%&()*+,-./09:;<=>?@AZ[]^_`az{|}~\""));
        y("string_simple_escapes", v("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\""));
        y("string_escape_u_ascii", v("\"\\u0041\\u007a\""));
        y("string_escape_u_nul", v("\"\\u0000\""));
        y("string_escape_u_hex_cases", v("\"\\u00e9\\u00E9\\uaBcD\""));
        y("string_escape_u_noncharacters", v("\"\\uFFFF\\uFDD0\\uFFFE\""));
        y("string_escape_in_name", "{\"a\\\"b\\u00e9\":1}");
        y("string_del_raw", v("\"\u007f\""));
        y("string_line_separators_raw", v("\"\u2028\u2029\""));
        y("string_bom_inside", v("\"\uFEFF\""));
        y("string_long", v("\"" + "x".repeat(10_000) + "\""));
        n("string_unclosed", "{\"a\":\"abc}");
        n("string_single_quoted", v("'a'"));
        n("string_raw_control", v("\"\u0001\""));
        n("string_raw_newline", v("\"a\nb\""));
        n("string_raw_tab", v("\"a\tb\""));
        n("string_raw_nul", "{\"a\":\"", 0, "\"}");
        n("string_raw_unit_separator", v("\"\u001f\""));
        n("string_escape_x", v("\"\\x41\""));
        n("string_escape_apostrophe", v("\"\\'\""));
        n("string_escape_capital_u", v("\"\\U0041\""));
        n("string_escape_u_short", v("\"\\u41\""));
        n("string_escape_u_not_hex", v("\"\\u00G1\""));
        n("string_escape_backslash_newline", v("\"\\\n\""));
        n("string_escape_at_end", "{\"a\":\"\\");
        // Surrogates: escaped pairs, and escapes that are not pairs.
        y("string_surrogate_pair_escaped", v("\"\\ud83d\\ude00\""));
        y("string_surrogate_pair_highest", v("\"\\uDBFF\\uDFFF\""));
        y("string_surrogate_pair_escaped_in_name", "{\"\\ud83d\\ude00\":1}");
        i("string_lone_high_surrogate_escape", false, JsonDifferential.Deliberate.LONE_SURROGATE, v("\"\\ud800\""));
        i("string_lone_low_surrogate_escape", false, JsonDifferential.Deliberate.LONE_SURROGATE, v("\"\\udc00\""));
        i("string_reversed_surrogate_pair", false, JsonDifferential.Deliberate.LONE_SURROGATE, v("\"\\udc00\\ud800\""));
        i("string_high_surrogate_then_letter", false, JsonDifferential.Deliberate.LONE_SURROGATE, v("\"\\ud800a\""));
        i("string_two_high_surrogates", false, JsonDifferential.Deliberate.LONE_SURROGATE, v("\"\\ud800\\ud800\""));
        // Jackson 3 refuses these in member names itself.
        i("string_lone_low_surrogate_in_name", false, null, "{\"\\udfff\":1}");
        i("string_lone_high_surrogate_in_name", false, null, "{\"a\\ud800b\":1}");
        n("string_high_surrogate_then_bad_escape", v("\"\\ud800\\u00\""));
        // UTF-8.
        y("utf8_two_bytes", v("\"é\""));
        y("utf8_three_bytes", v("\"€\""));
        y("utf8_four_bytes", v("\"😀\""));
        y("utf8_lowest_three_bytes", "{\"a\":\"", 0xE0, 0xA0, 0x80, "\"}");
        y("utf8_lowest_four_bytes", "{\"a\":\"", 0xF0, 0x90, 0x80, 0x80, "\"}");
        y("utf8_highest", "{\"a\":\"", 0xF4, 0x8F, 0xBF, 0xBF, "\"}");
        y("utf8_just_below_surrogates", "{\"a\":\"", 0xED, 0x9F, 0xBF, "\"}");
        y("utf8_just_above_surrogates", "{\"a\":\"", 0xEE, 0x80, 0x80, "\"}");
        y("utf8_noncharacter_fffe", "{\"a\":\"", 0xEF, 0xBF, 0xBE, "\"}");
        y("utf8_in_name", "{\"ключ\":\"値\"}");
        n("utf8_overlong_two_bytes", "{\"a\":\"", 0xC0, 0xAF, "\"}");
        n("utf8_overlong_c1", "{\"a\":\"", 0xC1, 0xBF, "\"}");
        n("utf8_overlong_three_bytes", "{\"a\":\"", 0xE0, 0x80, 0xAF, "\"}");
        n("utf8_overlong_four_bytes", "{\"a\":\"", 0xF0, 0x80, 0x80, 0xAF, "\"}");
        n("utf8_encoded_high_surrogate", "{\"a\":\"", 0xED, 0xA0, 0x80, "\"}");
        n("utf8_encoded_low_surrogate", "{\"a\":\"", 0xED, 0xBF, 0xBF, "\"}");
        n("utf8_encoded_surrogate_pair", "{\"a\":\"", 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, "\"}");
        n("utf8_above_10ffff", "{\"a\":\"", 0xF4, 0x90, 0x80, 0x80, "\"}");
        n("utf8_lead_f5", "{\"a\":\"", 0xF5, 0x80, 0x80, 0x80, "\"}");
        n("utf8_byte_ff", "{\"a\":\"", 0xFF, "\"}");
        n("utf8_lone_continuation", "{\"a\":\"", 0x80, "\"}");
        n("utf8_truncated_two_bytes", "{\"a\":\"", 0xC3, "\"}");
        n("utf8_truncated_four_bytes", "{\"a\":\"", 0xF0, 0x9F, 0x98, "\"}");
        n("utf8_truncated_at_end", "{\"a\":\"", 0xE2, 0x82);
        n("utf8_invalid_in_name", "{\"", 0xC0, 0x80, "\":1}");
        n("utf8_outside_strings", "{", 0xC3, 0xA9, "}");
        n("utf16le", "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE));
        n("utf16be_with_bom", 0xFE, 0xFF, 0, "{", 0, "}");
        i("utf8_byte_order_mark", false, JsonDifferential.Deliberate.BYTE_ORDER_MARK, 0xEF, 0xBB, 0xBF, "{}");
        i(
                "utf8_byte_order_mark_before_claims",
                false,
                JsonDifferential.Deliberate.BYTE_ORDER_MARK,
                0xEF,
                0xBB,
                0xBF,
                "{\"iss\":\"x\",\"exp\":1}");
        n("utf8_byte_order_mark_after_whitespace", " ", 0xEF, 0xBB, 0xBF, "{}");
        // Numbers.
        y("number_zero", v("0"));
        y("number_negative_zero", v("-0"));
        y("number_negative_zero_fraction", v("-0.0"));
        y("number_integer", v("123"));
        y("number_negative", v("-123"));
        y("number_long_max", v("9223372036854775807"));
        y("number_long_min", v("-9223372036854775808"));
        y("number_fraction", v("1.5"));
        y("number_exponent", v("[1e2,1E2,1e+2,1e-2,1.5E-3,0e0,-0e-0]"));
        y("number_small_fraction", v("0.000001"));
        y("number_double_max", v("1.7976931348623157e308"));
        y("number_smallest_subnormal", v("4.9e-324"));
        y("number_long_fraction", v("3.14159265358979323846264338327950288"));
        y("number_exp_leading_zeros", v("1e007"));
        n("number_leading_zero", v("01"));
        n("number_negative_leading_zero", v("-01"));
        n("number_plus", v("+1"));
        n("number_leading_dot", v(".5"));
        n("number_trailing_dot", v("1."));
        n("number_dot_exponent", v("1.e1"));
        n("number_exponent_without_digits", v("1e"));
        n("number_exponent_sign_only", v("1e+"));
        n("number_exponent_fraction", v("1e1.5"));
        n("number_nan", v("NaN"));
        n("number_infinity", v("Infinity"));
        n("number_negative_infinity", v("-Infinity"));
        n("number_hex", v("0x1F"));
        n("number_minus_only", v("-"));
        n("number_minus_space", v("- 1"));
        n("number_double_minus", v("--1"));
        n("number_fullwidth_digit", v("\uFF11"));
        i("number_beyond_long", true, null, v("9223372036854775808"));
        i("number_beyond_long_negative", true, null, v("-9223372036854775809"));
        i("number_huge_integer_in_range", true, null, v("1" + "0".repeat(300)));
        i("number_not_binary_exact", true, null, v("[0.1,0.2,0.3]"));
        i("number_halfway_rounds_to_even", true, null, v("9007199254740993.0"));
        i("number_underflow_to_zero", true, null, v("[1e-400,-1e-400]"));
        i("number_zero_with_huge_exponent", true, null, v("0e99999999999"));
        i("number_overflow", false, JsonDifferential.Deliberate.NUMBER_RANGE, v("1e400"));
        i("number_overflow_negative", false, JsonDifferential.Deliberate.NUMBER_RANGE, v("-1e400"));
        i("number_overflow_integer", false, JsonDifferential.Deliberate.NUMBER_RANGE, v("1" + "0".repeat(400)));
        i("number_overflow_just_above_max", false, JsonDifferential.Deliberate.NUMBER_RANGE, v("1.8e308"));
        i("number_huge_exponent", false, JsonDifferential.Deliberate.NUMBER_RANGE, v("1e99999999999"));
        // Duplicates (RFC 7515 §4, RFC 7519 §4: a JOSE header or claim set with duplicates is refused).
        n("duplicate_member", "{\"a\":1,\"a\":1}");
        n("duplicate_member_null_values", "{\"a\":null,\"a\":null}");
        n("duplicate_member_escaped", "{\"a\":1,\"\\u0061\":2}");
        n("duplicate_member_utf8_and_escape", "{\"é\":1,\"\\u00e9\":2}");
        n("duplicate_member_pair_and_raw", "{\"😀\":1,\"\\ud83d\\ude00\":2}");
        n("duplicate_member_nested", "{\"x\":{\"a\":1,\"a\":2}}");
        n("duplicate_member_in_array_element", v("[{\"b\":1,\"b\":2}]"));
        n(
                "duplicate_member_far_apart",
                "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"a\":0}");
        i("null_member_left_out", true, null, "{\"a\":null,\"b\":1}");
        // Whitespace.
        y("whitespace_every_kind", "{\t\n\r \"a\"\t:\n1\r,\"b\" : [ ] }");
        n("whitespace_form_feed", "{\f}");
        n("whitespace_vertical_tab", "{\u000b}");
        n("whitespace_no_break_space", "{\u00a0}");
        n("whitespace_line_separator", "{\u2028}");
        n("whitespace_nul_after", "{}", 0);
        n("whitespace_nul_before", 0, "{}");
        // Nesting: our limit, with Jackson configured alike.
        i("nesting_32_arrays", true, null, nested(31));
        i("nesting_32_objects", true, null, nestedObjects(32));
        i("nesting_33_arrays", false, null, nested(32));
        i("nesting_33_objects", false, null, nestedObjects(33));
        n("nesting_deep_unclosed", "{\"a\":" + "[".repeat(10_000));
    }
}
