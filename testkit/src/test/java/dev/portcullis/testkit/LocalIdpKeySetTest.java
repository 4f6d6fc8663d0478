package dev.portcullis.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LocalIdpKeySetTest {

    private LocalIdp idp = LocalIdp.start();

    @AfterEach
    void closeIdp() {
        idp.close();
    }

    private List<Object> servedKids() throws Exception {
        return Jose.kids(Http.get(idp.jwksUri()).body());
    }

    private String servedJwk(String kid) throws Exception {
        return Jose.keys(Http.get(idp.jwksUri()).body()).stream()
                .filter(jwk -> kid.equals(jwk.get("kid")))
                .map(org.jose4j.json.JsonUtil::toJson)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void startsWithOneRsaKeyCalledKey1ThatIsActive() throws Exception {
        assertThat(servedKids()).containsExactly("key-1");
        assertThat(idp.activeKey().kid()).isEqualTo("key-1");
        assertThat(idp.activeKey().algorithm()).isEqualTo("RS256");
        assertThat(idp.publishedKeys()).containsExactly(idp.activeKey());
    }

    @Test
    void builderSigningKeyBecomesTheInitialKey() throws Exception {
        TestKey ec = TestKey.ec("ec-1");
        try (LocalIdp custom = LocalIdp.builder().signingKey(ec).start()) {
            assertThat(Jose.kids(Http.get(custom.jwksUri()).body())).containsExactly("ec-1");
            assertThat(Jose.header(custom.token().build()))
                    .containsEntry("alg", "ES256")
                    .containsEntry("kid", "ec-1");
        }
    }

    @Test
    void whenRotatedThenJwksListsOldAndNewKeysAndNewTokensUseTheNewKey() throws Exception {
        String oldToken = idp.token().build();

        TestKey next = idp.rotate();

        assertThat(next.kid()).isEqualTo("key-2");
        assertThat(idp.activeKey()).isEqualTo(next);
        assertThat(servedKids()).containsExactly("key-1", "key-2");
        String newToken = idp.token().build();
        assertThat(Jose.header(newToken)).containsEntry("kid", "key-2");
        assertThat(Jose.verifies(newToken, servedJwk("key-2"))).isTrue();
        assertThat(Jose.verifies(oldToken, servedJwk("key-1"))).isTrue();
    }

    @Test
    void rotatedKeysAlwaysHaveFreshKidsAndDistinctKeyMaterial() {
        Set<PublicKey> material = new HashSet<>(Set.of(idp.activeKey().publicKey()));
        for (int i = 0; i < 2 * TestKey.RSA_POOL_SIZE; i++) {
            material.add(idp.rotate().publicKey());
        }

        assertThat(idp.publishedKeys())
                .extracting(TestKey::kid)
                .doesNotHaveDuplicates()
                .hasSize(2 * TestKey.RSA_POOL_SIZE + 1);
        assertThat(material).hasSize(2 * TestKey.RSA_POOL_SIZE + 1);
    }

    @Test
    void rotateToPublishesTheGivenKeyAndMakesItActive() throws Exception {
        TestKey ec = TestKey.ec("ec-key", "ES384");

        assertThat(idp.rotateTo(ec)).isSameAs(ec);

        assertThat(servedKids()).containsExactly("key-1", "ec-key");
        String token = idp.token().build();
        assertThat(Jose.header(token)).containsEntry("alg", "ES384");
        assertThat(Jose.verifies(token, servedJwk("ec-key"))).isTrue();
    }

    @Test
    void rotateToReplacesAPublishedKeyWithTheSameKid() throws Exception {
        TestKey replacement = TestKey.ec("key-1");

        idp.rotateTo(replacement);

        assertThat(servedKids()).containsExactly("key-1");
        assertThat(idp.publishedKeys()).containsExactly(replacement);
    }

    @Test
    void whenRetiredThenKeyLeavesTheJwksButStaysActive() throws Exception {
        TestKey first = idp.activeKey();
        idp.rotate();

        assertThat(idp.retire("key-1")).isTrue();

        assertThat(servedKids()).containsExactly("key-2");
        assertThat(idp.retire("key-1")).isFalse();

        idp.retire("key-2");

        assertThat(servedKids()).isEmpty();
        assertThat(idp.activeKey().kid()).isEqualTo("key-2");
        assertThat(first.kid()).isEqualTo("key-1");
    }

    @Test
    void publishReplacesTheKeySetButKeepsTheActiveKey() throws Exception {
        TestKey active = idp.activeKey();
        TestKey a = TestKey.ec("a");
        TestKey b = TestKey.rsa("b", 2048, "PS256");

        idp.publish(b, a, b);

        assertThat(servedKids()).containsExactly("b", "a", "b");
        assertThat(idp.activeKey()).isEqualTo(active);

        idp.publish();

        assertThat(servedKids()).isEmpty();
    }

    @Test
    void activateChangesTheSigningKeyWithoutPublishingIt() throws Exception {
        TestKey unpublished = TestKey.ec("shadow");

        idp.activate(unpublished);

        assertThat(servedKids()).containsExactly("key-1");
        assertThat(Jose.header(idp.token().build())).containsEntry("kid", "shadow");
    }

    @Test
    void rawJwksIsServedVerbatimUntilTheKeySetChanges() throws Exception {
        String hostile = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\",\"kid\":\"key-1\"},"
                + "{\"kty\":\"RSA\",\"kid\":\"key-1\",\"use\":\"enc\",\"n\":\"AQAB\",\"e\":\"AQAB\"},42,null]}";

        idp.publishRawJwks(hostile);

        assertThat(Http.get(idp.jwksUri()).body()).isEqualTo(hostile);
        assertThat(Http.contentType(Http.get(idp.jwksUri()))).isEqualTo("application/json");

        idp.rotate();

        assertThat(servedKids()).containsExactly("key-1", "key-2");
    }

    @Test
    void clearingRawJwksServesTheManagedKeySetAgain() throws Exception {
        idp.publishRawJwks("not even json");
        idp.publishRawJwks(null);

        assertThat(servedKids()).containsExactly("key-1");
    }
}
