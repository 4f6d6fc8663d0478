package dev.portcullis.core.http;

import dev.portcullis.core.internal.CoreInternals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The JSON of a protected-resource metadata document (RFC 9728 §2), and the rules for the extra
 * members an application configures: a member name is lower-case letters, digits and {@code _};
 * a value that starts with {@code [} must be a JSON array of strings, any other value is sent as one
 * JSON string (escaped here, so no value can add a member or break the document). The members
 * Portcullis states from what it enforces cannot be configured. Stateless.
 */
final class MetadataJson {
    /** Members that only say what is enforced; never configured. */
    static final Set<String> STATED = Set.of(
            "resource",
            "bearer_methods_supported",
            "dpop_signing_alg_values_supported",
            "dpop_bound_access_tokens_required",
            "tls_client_certificate_bound_access_tokens",
            "resource_signing_alg_values_supported",
            "signed_metadata");

    private static final Pattern MEMBER = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private MetadataJson() {}

    /**
     * The JSON text of a configured member's value: a JSON array of strings, or a JSON string.
     *
     * @throws IllegalArgumentException naming the member if its name or value is not accepted
     */
    static String memberValue(String name, String value) {
        if (!MEMBER.matcher(name).matches()) {
            throw new IllegalArgumentException("portcullis.resource." + LogText.escape(name)
                    + ": not a metadata member name (lower-case letters, digits and _)");
        }
        if (STATED.contains(name)) {
            throw new IllegalArgumentException("portcullis.resource." + name
                    + ": stated by Portcullis from what it enforces, cannot be configured");
        }
        String v = value.strip();
        if (!v.startsWith("[")) {
            return string(v);
        }
        Object parsed;
        try {
            parsed = CoreInternals.parseJsonValue(v);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (!(parsed instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("portcullis.resource." + name
                    + ": a value starting with [ must be a JSON" + " array of strings, e.g. [\"a\", \"b\"]");
        }
        List<String> strings = new ArrayList<>();
        list.forEach(o -> strings.add((String) o));
        return array(strings);
    }

    /** The document: {@code members} in order, each value already JSON text. */
    static String document(Map<String, String> members) {
        StringBuilder b = new StringBuilder(256).append('{');
        for (Map.Entry<String, String> m : members.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(string(m.getKey())).append(':').append(m.getValue());
        }
        return b.append('}').toString();
    }

    /** A JSON array of strings. */
    static String array(Collection<String> values) {
        StringBuilder b = new StringBuilder().append('[');
        for (String v : values) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(string(v));
        }
        return b.append(']').toString();
    }

    /** A JSON string: quote, backslash, controls and the line separators escaped. */
    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** The members after {@code resource}, in the order RFC 9728 §2 lists them, then the configured extras. */
    static Map<String, String> members(
            List<String> authorizationServers,
            Collection<String> scopes,
            List<String> dpopAlgorithms,
            boolean dpopRequired,
            boolean certificateBound,
            Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("authorization_servers", array(authorizationServers));
        if (!scopes.isEmpty()) {
            m.put("scopes_supported", array(new TreeSet<>(scopes)));
        }
        m.put("bearer_methods_supported", array(List.of("header")));
        if (!dpopAlgorithms.isEmpty()) {
            m.put("dpop_signing_alg_values_supported", array(dpopAlgorithms));
            m.put("dpop_bound_access_tokens_required", Boolean.toString(dpopRequired));
        }
        if (certificateBound) {
            m.put("tls_client_certificate_bound_access_tokens", "true");
        }
        m.putAll(extra);
        return Collections.unmodifiableMap(m);
    }

    /** 200 with the document of {@code resource}: public, cacheable for {@code maxAge}. */
    static BearerResponse answer(String resource, Map<String, String> members, Duration maxAge) {
        Map<String, String> doc = new LinkedHashMap<>();
        doc.put("resource", string(resource));
        doc.putAll(members);
        return new BearerResponse(
                200, Map.of("Cache-Control", List.of("public, max-age=" + maxAge.toSeconds())), document(doc));
    }

    /** 405: the document is read with GET or HEAD only. */
    static BearerResponse methodNotAllowed() {
        return new BearerResponse(
                405,
                Map.of("Allow", List.of("GET, HEAD"), "Cache-Control", List.of("no-store")),
                "{\"error_description\":\"Only GET and HEAD are supported\"}");
    }

    /** 404: no document for this resource path, or an origin that cannot be trusted. */
    static BearerResponse notFound() {
        return new BearerResponse(
                404,
                Map.of("Cache-Control", List.of("no-store")),
                "{\"error_description\":\"No protected resource metadata here\"}");
    }
}
