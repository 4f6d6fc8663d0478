package dev.portcullis.core;

import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static dev.portcullis.core.Fixture.T0;
import static dev.portcullis.core.Fixture.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 27: a {@code kid} the keys lack while no refetch is allowed is answered 503 with
 * {@code Retry-After} when the token may be newer than the keys ({@code iat}, else {@code nbf}, not
 * before their fetch minus the leeway), and {@code UNKNOWN_KEY} when the keys were fetched after it
 * was issued. The first fetch at 10:00:00.000 (T0); the leeway is 60 s; the interval 10 s.
 */
class KeyNotYetFetchedTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void fetchAtT0() {
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
    }

    private static ValidationResult.Unavailable notYetFetched(ValidationResult result) {
        assertThat(result).isInstanceOf(ValidationResult.Unavailable.class);
        ValidationResult.Unavailable u = (ValidationResult.Unavailable) result;
        assertThat(u.failure().reason()).isEqualTo(FailureReason.KEY_NOT_YET_FETCHED);
        return u;
    }

    @Test
    void whenIssuerRotatesWithinTheCooldownThenUnavailableUntilTheNextFetchIsAllowedThenValid() {
        fetchAtT0();
        f.advance(Duration.ofSeconds(3));
        f.idp.rotate();
        String fresh = f.token().build();
        ValidationResult.Unavailable u = notYetFetched(f.validate(fresh));
        assertThat(u.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(u.retryAfterSeconds()).isEqualTo(7);
        assertThat(u.failure().status()).isEqualTo(503);
        f.advance(Duration.ofMillis(6_999));
        assertThat(notYetFetched(f.validate(fresh)).retryAfter()).isEqualTo(Duration.ofMillis(1));
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
        f.advance(Duration.ofMillis(1));
        assertThat(f.validate(fresh).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
    }

    @Test
    void whenTheKeysWereFetchedAfterTheTokenWasIssuedThenUnknownKeyAtOnceWithoutAFetch() {
        fetchAtT0();
        f.advance(Duration.ofSeconds(3));
        String old = f.token()
                .signedWith(TestKey.rsa("stranger"))
                .issuedAt(T0.minusSeconds(61))
                .build();
        assertThat(reasonOf(f.validate(old))).isEqualTo(FailureReason.UNKNOWN_KEY);
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void whenIatIsExactlyTheLeewayBeforeTheFetchThenUnavailableAndOneSecondEarlierUnknownKey() {
        f.advance(Duration.ofMillis(500)); // the fetch starts at 10:00:00.500: its second is T0
        fetchAtT0();
        f.advance(Duration.ofSeconds(1));
        TestKey stranger = TestKey.rsa("stranger");
        notYetFetched(f.validate(
                f.token().signedWith(stranger).issuedAt(T0.minusSeconds(60)).build()));
        assertThat(reasonOf(f.validate(f.token()
                        .signedWith(stranger)
                        .issuedAt(T0.minusSeconds(61))
                        .build())))
                .isEqualTo(FailureReason.UNKNOWN_KEY);
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void whenIatIsAtMostTheLeewayInTheFutureThenUnavailableAndBeyondItUnknownKey() {
        fetchAtT0();
        f.advance(Duration.ofSeconds(2));
        Instant now = f.clock.instant();
        TestKey stranger = TestKey.rsa("stranger");
        notYetFetched(f.validate(
                f.token().signedWith(stranger).issuedAt(now.plusSeconds(60)).build()));
        assertThat(reasonOf(f.validate(f.token()
                        .signedWith(stranger)
                        .issuedAt(now.plusSeconds(61))
                        .build())))
                .isEqualTo(FailureReason.UNKNOWN_KEY);
    }

    @Test
    void whenTheTokenHasNoIatThenItsNbfDecides() {
        fetchAtT0();
        f.advance(Duration.ofSeconds(2));
        TestKey stranger = TestKey.rsa("stranger");
        String recent = f.token()
                .signedWith(stranger)
                .issuedAt(null)
                .notBefore(f.clock.instant())
                .build();
        notYetFetched(f.validate(recent));
        String old = f.token()
                .signedWith(stranger)
                .issuedAt(null)
                .notBefore(T0.minusSeconds(61))
                .build();
        assertThat(reasonOf(f.validate(old))).isEqualTo(FailureReason.UNKNOWN_KEY);
    }

    @Test
    void whenTheTokenHasNeitherIatNorNbfThenUnknownKeyAsBefore() {
        fetchAtT0();
        f.advance(Duration.ofSeconds(2));
        String undated = f.token()
                .signedWith(TestKey.rsa("stranger"))
                .issuedAt(null)
                .notBefore(null)
                .build();
        assertThat(reasonOf(f.validate(undated))).isEqualTo(FailureReason.UNKNOWN_KEY);
        assertThat(f.idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void whenTheKeysWereRefetchedForThisVeryRequestThenAKidTheyLackIsUnknownKey() {
        fetchAtT0();
        f.advance(Duration.ofSeconds(10));
        String bogus = f.token().signedWith(TestKey.rsa("stranger")).build();
        assertThat(reasonOf(f.validate(bogus))).isEqualTo(FailureReason.UNKNOWN_KEY);
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        f.advance(Duration.ofMillis(1)); // a later request, within the cooldown: the key may be newer
        assertThat(notYetFetched(f.validate(bogus)).retryAfter()).isEqualTo(Duration.ofMillis(9_999));
    }

    @Test
    void whenTheMinimumRefetchIntervalIsZeroThenEveryUnknownKidRefetchesAndNoneIsDeferred() {
        f.validator(b -> b.jwksMinRefetchInterval(Duration.ZERO));
        fetchAtT0();
        f.advance(Duration.ofMillis(1));
        f.idp.rotate();
        assertThat(f.validate(f.token().build()).isValid()).isTrue();
        assertThat(f.idp.jwksRequests()).isEqualTo(2);
        f.advance(Duration.ofMillis(1));
        assertThat(reasonOf(f.validate(f.tokenWithKid("made-up")))).isEqualTo(FailureReason.UNKNOWN_KEY);
        assertThat(f.idp.jwksRequests()).isEqualTo(3);
    }

    @Test
    void deferredTokensAreCountedApartFromUnknownKeys() {
        fetchAtT0();
        f.advance(Duration.ofSeconds(1));
        f.validate(f.tokenWithKid("made-up"));
        f.validate(f.token()
                .signedWith(TestKey.rsa("stranger"))
                .issuedAt(T0.minusSeconds(120))
                .build());
        ValidationMetrics m = f.validator().metrics();
        assertThat(m.rejected(FailureReason.KEY_NOT_YET_FETCHED)).isEqualTo(1);
        assertThat(m.rejected(FailureReason.UNKNOWN_KEY)).isEqualTo(1);
    }

    @Test
    void whenTheKidIsPublishedButDoesNotFitTheAlgorithmOrTheTokenHasNoKidThenUnknownKey() {
        fetchAtT0();
        f.advance(Duration.ofSeconds(1));
        String es256OnAnRsaKid = f.token().header("alg", "ES256").build();
        f.validator(b -> b.algorithms("RS256", "ES256"));
        assertThat(f.validate(f.token().build()).isValid()).isTrue(); // this validator's fetch
        f.advance(Duration.ofSeconds(1));
        assertThat(reasonOf(f.validate(es256OnAnRsaKid))).isEqualTo(FailureReason.UNKNOWN_KEY);
        String noKid =
                f.token().signedWith(TestKey.ec("ec-new")).header("kid", null).build();
        assertThat(reasonOf(f.validate(noKid))).isEqualTo(FailureReason.UNKNOWN_KEY);
    }

    @Test
    void whenTheKeysAreStaticThenAnUnknownKidIsUnknownKey() {
        ValidatorConfig inline = ValidatorConfig.builder()
                .issuer(f.idp.issuer())
                .audiences("orders-api")
                .publicKey(f.idp.activeKey().publicJwk())
                .build();
        try (TokenValidator v = TokenValidator.builder(inline).clock(f.clock).build()) {
            String fresh = f.token().signedWith(TestKey.rsa("stranger")).build();
            assertThat(reasonOf(v.validate(fresh))).isEqualTo(FailureReason.UNKNOWN_KEY);
        }
    }

    @Test
    void whenTheApplicationsKeySourceDoesNotSayWhenItFetchesThenUnknownKey() {
        KeySet stamped = KeySet.parse(f.idp.activeKey().publicJwk()).withFetchStart(T0);
        JwksSource silent = () -> stamped; // stamps its keys but does not say when it may fetch again
        f.validator(UnaryOperator.identity(), b -> b.keySource(issuerName(), silent));
        f.advance(Duration.ofSeconds(1));
        assertThat(reasonOf(f.validate(f.tokenWithKid("made-up")))).isEqualTo(FailureReason.UNKNOWN_KEY);
    }

    @Test
    void whenTheApplicationsKeySourceSaysWhenItFetchesThenItsNewKidsAreDeferredToo() {
        KeySet stamped = KeySet.parse(f.idp.activeKey().publicJwk()).withFetchStart(T0);
        JwksSource telling = new JwksSource() {
            @Override
            public KeySet keys() {
                return stamped;
            }

            @Override
            public Optional<Instant> nextFetchAllowedAt() {
                return Optional.of(T0.plusSeconds(30));
            }
        };
        f.validator(UnaryOperator.identity(), b -> b.keySource(issuerName(), telling));
        f.advance(Duration.ofSeconds(1));
        assertThat(notYetFetched(f.validate(f.tokenWithKid("made-up"))).retryAfter())
                .isEqualTo(Duration.ofSeconds(29));
    }

    private String issuerName() {
        return f.config().build().issuers().get(0).name();
    }
}
