package dev.portcullis.core;

import dev.portcullis.core.internal.CoreInternals;
import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Counters per result and reason, per issuer, and the state of each issuer's keys. */
class MetricsTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void whenTokensAreAcceptedAndRefusedThenEachCauseMovesOnlyItsOwnCounter() {
        f.validate(f.token().build());
        f.validate(f.token().build());
        f.validate(f.token().audience("account").build());
        f.validate(f.token().expiresIn(Duration.ofMinutes(-10)).build());
        f.validate(f.token().expiresIn(Duration.ofMinutes(-10)).build());
        f.validate("not-a-token");
        ValidationMetrics m = f.validator().metrics();
        assertThat(m.accepted()).isEqualTo(2);
        assertThat(m.rejected())
                .containsOnlyKeys(FailureReason.WRONG_AUDIENCE, FailureReason.EXPIRED, FailureReason.MALFORMED);
        assertThat(m.rejected(FailureReason.EXPIRED)).isEqualTo(2);
        assertThat(m.rejected(FailureReason.WRONG_AUDIENCE)).isEqualTo(1);
        assertThat(m.rejectedTotal()).isEqualTo(4);
        assertThat(m.issuers().get("default").accepted()).isEqualTo(2);
    }

    @Test
    void whenAnAdapterRecordsARefusalThenItIsCountedUnderItsReasonAndTheAcceptedTokenStaysAccepted() {
        f.validate(f.token().build());
        CoreInternals.countRefusal(
                f.validator(), ValidationFailure.of(FailureReason.INSUFFICIENT_SCOPE, "the path needs orders:admin"));
        CoreInternals.countRefusal(
                f.validator(), ValidationFailure.of(FailureReason.MULTIPLE_TOKENS, "2 Authorization headers"));
        CoreInternals.countRefusal(
                f.validator(), ValidationFailure.of(FailureReason.MULTIPLE_TOKENS, "2 Authorization headers"));
        CoreInternals.countRefusal(f.validator(), null);
        ValidationMetrics m = f.validator().metrics();
        assertThat(m.accepted()).isEqualTo(1);
        assertThat(m.rejected()).containsOnlyKeys(FailureReason.INSUFFICIENT_SCOPE, FailureReason.MULTIPLE_TOKENS);
        assertThat(m.rejected(FailureReason.MULTIPLE_TOKENS)).isEqualTo(2);
        assertThat(m.rejectedTotal()).isEqualTo(3);
    }

    @Test
    void whenSeveralIssuersAreTrustedThenEachCountsTheRefusalsOfItsOwnTokens() {
        try (LocalIdp partners =
                LocalIdp.builder().clock(f.clock).issuerPath("/realms/partners").start()) {
            f.validator(
                    b -> b.addIssuer(IssuerPolicy.builder("partners")
                            .issuer(partners.issuer())
                            .audiences("orders-api")
                            .jwksUri(partners.jwksUri())
                            .build()),
                    b -> b);
            f.validate(f.token().build());
            f.validate(partners.token().build());
            f.validate(partners.token().audience("account").build());
            f.validate(partners.token().audience("account").build());
            f.validate(partners.token().expiresIn(Duration.ofMinutes(-10)).build());
            f.validate(f.token().signedWith(TestKey.rsaUnique("key-1")).build());
            f.validate(
                    f.token().issuer("https://elsewhere.example").build()); // no trusted issuer: counted globally only
            f.validate("not-a-token");

            ValidationMetrics m = f.validator().metrics();
            ValidationMetrics.IssuerStatus partnersStatus = m.issuers().get("partners");
            ValidationMetrics.IssuerStatus defaultStatus = m.issuers().get("default");
            assertThat(partnersStatus.accepted()).isEqualTo(1);
            assertThat(partnersStatus.rejected()).containsOnlyKeys(FailureReason.WRONG_AUDIENCE, FailureReason.EXPIRED);
            assertThat(partnersStatus.rejected(FailureReason.WRONG_AUDIENCE)).isEqualTo(2);
            assertThat(partnersStatus.rejectedTotal()).isEqualTo(3);
            assertThat(defaultStatus.accepted()).isEqualTo(1);
            assertThat(defaultStatus.rejected()).containsOnlyKeys(FailureReason.BAD_SIGNATURE);
            assertThat(m.rejectedTotal()).isEqualTo(6);
            assertThat(m.rejected(FailureReason.WRONG_ISSUER)).isEqualTo(1);
        }
    }

    @Test
    void whenKeysAreFetchedThenIssuerStatusShowsKeyIdsAndLastFetch() {
        f.validate(f.token().build());
        f.idp.awaitJwksRequests(1, Duration.ofSeconds(5));
        ValidationMetrics.IssuerStatus s = f.validator().metrics().issuers().get("default");
        assertThat(s.issuer()).isEqualTo(f.idp.issuer());
        assertThat(s.keyIds()).containsExactly("key-1");
        assertThat(s.lastFetch()).contains(Fixture.T0);
        assertThat(s.outage()).isFalse();
        assertThat(s.keyFetchFailures()).isZero();
    }

    @Test
    void whenIdentityProviderFailsThenFailuresAndOutageShowAndUnavailableIsCounted() {
        f.validate(f.token().build());
        f.idp.failWith(LocalIdp.Failure.HTTP_500);
        f.advance(Duration.ofSeconds(11));
        ValidationResult r =
                f.validate(f.token().signedWith(TestKey.rsa("new-key")).build());
        assertThat(r).isInstanceOf(ValidationResult.Unavailable.class);
        ValidationMetrics m = f.validator().metrics();
        assertThat(m.rejected(FailureReason.KEYS_UNAVAILABLE)).isEqualTo(1);
        assertThat(m.issuers().get("default").keyFetchFailures()).isEqualTo(1);
        assertThat(m.issuers().get("default").outage()).isTrue();
    }
}
