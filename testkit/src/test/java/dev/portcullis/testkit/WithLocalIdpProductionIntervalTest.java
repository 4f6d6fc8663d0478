package dev.portcullis.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code minRefetchInterval = ""}: the application's own minimum refetch interval applies. */
@WithLocalIdp(minRefetchInterval = "")
class WithLocalIdpProductionIntervalTest {

    @Test
    void whenTheIntervalIsLeftEmptyThenItIsNotPublished(LocalIdp idp) {
        assertThat(System.getProperty("mp.jwt.verify.issuer")).isEqualTo(idp.issuer());
        assertThat(System.getProperty("portcullis.jwks.min-refetch-interval")).isNull();
    }
}
