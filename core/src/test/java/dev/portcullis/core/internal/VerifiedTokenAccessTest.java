package dev.portcullis.core.internal;

import dev.portcullis.core.VerifiedToken;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validator's own way to build a verified token keeps the parser's claim set and sets as they are. */
class VerifiedTokenAccessTest {

    @Test
    void whenHandedTheParsersClaimSetThenItIsKeptWithoutACopy() {
        JsonObject parsed = JsonParser.parseObject(
                "{\"sub\":\"alice\",\"org\":{\"units\":[\"a\",{\"k\":1}]},\"n\":2}".getBytes(StandardCharsets.UTF_8));
        Set<String> audiences = Set.of("api");
        VerifiedToken t = VerifiedTokenAccess.constructor()
                .create("alice", "https://idp", audiences, Instant.EPOCH, null, Set.of(), Set.of(), null, parsed);
        assertThat(t.claims()).isSameAs(parsed);
        assertThat(t.audiences()).isSameAs(audiences);
        assertThat(t.claims().keySet()).containsExactly("sub", "org", "n"); // document order
    }

    @Test
    void whenSomeoneElseInstallsAConstructorThenItIsRefused() {
        VerifiedTokenAccess.constructor();
        assertThatThrownBy(() -> VerifiedTokenAccess.install((s, i, a, e, t, sc, r, k, c) -> null))
                .isInstanceOf(IllegalStateException.class);
    }
}
