package dev.portcullis.core.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The sets of the latest token are reused for equal claim values, and never for different ones. */
class RecentClaimSetsTest {
    private final RecentClaimSets sets = new RecentClaimSets();

    private static Map<String, Object> claims(String json) {
        return JsonParsing.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whenTheNextTokenRepeatsTheValuesThenTheSameSetsAreReturned() {
        Map<String, Object> a = claims(
                "{\"aud\":[\"orders-api\",\"account\"],\"scope\":\"openid read:orders\",\"r\":{\"roles\":[\"clerk\"]}}");
        Map<String, Object> b = claims(
                "{\"aud\":[\"orders-api\",\"account\"],\"scope\":\"openid read:orders\",\"r\":{\"roles\":[\"clerk\"]}}");
        String[] path = {"r", "roles"};
        Set<String> aud = sets.audiences(a.get("aud"));
        Set<String> scopes = sets.scopes(a.get("scope"), null);
        Set<String> roles = sets.roles(a, path);
        assertThat(aud).containsExactlyInAnyOrder("orders-api", "account");
        assertThat(scopes).containsExactlyInAnyOrder("openid", "read:orders");
        assertThat(roles).containsExactly("clerk");
        assertThat(sets.audiences(b.get("aud"))).isSameAs(aud);
        assertThat(sets.scopes(b.get("scope"), null)).isSameAs(scopes);
        assertThat(sets.roles(b, path)).isSameAs(roles);
    }

    @Test
    void whenValuesDifferThenTheSetsAreBuiltForThem() {
        assertThat(sets.audiences("orders-api")).containsExactly("orders-api");
        assertThat(sets.audiences(claims("{\"a\":[\"orders-api\",\"billing\"]}").get("a")))
                .containsExactlyInAnyOrder("orders-api", "billing");
        assertThat(sets.audiences("billing")).containsExactly("billing");
        assertThat(sets.audiences(7L)).isNull();
        assertThat(sets.audiences(null)).isEmpty();
        assertThat(sets.scopes("read", null)).containsExactly("read");
        assertThat(sets.scopes("read", "write")).containsExactlyInAnyOrder("read", "write");
        assertThat(sets.scopes("read", claims("{\"scp\":[\"admin\"]}").get("scp")))
                .containsExactlyInAnyOrder("read", "admin");
        assertThat(sets.scopes("read", 1L)).isNull();
        assertThat(sets.scopes(claims("{\"scope\":[\"read\",\"write\"]}").get("scope"), null))
                .containsExactlyInAnyOrder("read", "write");
        assertThat(sets.scopes(claims("{\"scope\":[\"read\",1]}").get("scope"), null))
                .isNull();
        assertThat(sets.scopes("read", null)).containsExactly("read");
        assertThat(sets.scopes(null, null)).isEmpty();
        String[] path = {"groups"};
        assertThat(sets.roles(claims("{\"groups\":[\"a\",1,\"b\"]}"), path)).containsExactlyInAnyOrder("a", "b");
        assertThat(sets.roles(claims("{\"groups\":[\"a\",\"c\"]}"), path)).containsExactlyInAnyOrder("a", "c");
        assertThat(sets.roles(claims("{\"groups\":\"solo\"}"), path)).containsExactly("solo");
        assertThat(sets.roles(claims("{}"), path)).isEmpty();
    }
}
