package dev.portcullis.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token that validated is remembered: presented again, even as another but equal string, it is
 * answered with the same verified token, without a second signature check. Refusals are not
 * remembered.
 */
class CachedTokenReuseTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenTokenPresentedAgainThenTheVerifiedTokenIsReused() {
        String token = f.token().build();
        VerifiedToken first = f.validate(token).verifiedToken().orElseThrow();
        VerifiedToken again = f.validate(token).verifiedToken().orElseThrow();
        VerifiedToken equalString =
                f.validate(new String(token.toCharArray())).verifiedToken().orElseThrow();
        assertThat(again).isSameAs(first);
        assertThat(equalString).isSameAs(first);
    }

    @Test
    void whenAnotherTokenOfTheSameSubjectThenItIsVerifiedOnItsOwn() {
        VerifiedToken first = f.validate(f.token().build()).verifiedToken().orElseThrow();
        VerifiedToken second = f.validate(f.token().build()).verifiedToken().orElseThrow();
        assertThat(second).isNotSameAs(first);
        assertThat(second.tokenId()).isNotEqualTo(first.tokenId());
    }

    @Test
    void whenTheSignatureOfACachedTokenIsAlteredThenBadSignature() {
        String token = f.token().build();
        assertThat(f.validate(token).isValid()).isTrue();
        char last = token.charAt(token.length() - 2);
        String altered =
                token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        assertThat(reasonOf(f.validate(altered))).isEqualTo(FailureReason.BAD_SIGNATURE);
        assertThat(f.validate(token).isValid()).isTrue();
    }

    @Test
    void whenCacheDisabledThenEveryPresentationIsVerifiedAgain() {
        f.validator(b -> b.cacheMaxEntries(0));
        String token = f.token().build();
        VerifiedToken first = f.validate(token).verifiedToken().orElseThrow();
        VerifiedToken again = f.validate(token).verifiedToken().orElseThrow();
        assertThat(again).isNotSameAs(first);
        assertThat(again.claims()).isEqualTo(first.claims());
    }
}
