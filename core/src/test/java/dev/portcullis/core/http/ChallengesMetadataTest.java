package dev.portcullis.core.http;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.ValidationFailure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where DPoP and the metadata meet: both schemes' challenges carry {@code resource_metadata}, a step-up error its attributes. */
class ChallengesMetadataTest {
    private static final String URL =
            ", resource_metadata=\"http://localhost:9080/shop/.well-known/oauth-protected-resource\"";
    private static final String ALGS = ", algs=\"ES256 PS256\"";

    private final Challenges challenges = new Challenges(
            "shop", List.of("ES256", "PS256"), ResourceMetadata.builder().build());
    private final TestRequest request =
            TestRequest.get("/orders").origin("http", "localhost", 9080).contextPath("/shop");

    @Test
    void whenAClientUsedDpopAndFailsAStepUpRuleThenTheDpopChallengeCarriesTheErrorItsAttributesAndTheMetadataUrl() {
        AccessRequirement need = AccessRequirement.builder()
                .acr(List.of("urn:gold"))
                .maxAge(Duration.ofMinutes(5))
                .build();
        List<String> out = challenges.forFailure(
                ValidationFailure.of(FailureReason.INSUFFICIENT_ACR, "acr"),
                request,
                new Challenges.Offer(true, true, true),
                need);
        assertThat(out)
                .containsExactly(
                        "Bearer realm=\"shop\"" + URL,
                        "DPoP realm=\"shop\", error=\"insufficient_user_authentication\", error_description=\"The user authentication"
                                + " is not strong enough for this request\"" + ALGS
                                + ", acr_values=\"urn:gold\", max_age=300" + URL);
    }

    @Test
    void whenADpopProofIsRefusedThenBothChallengesCarryTheMetadataUrl() {
        List<String> out = challenges.forFailure(
                ValidationFailure.of(FailureReason.DPOP_PROOF_REPLAYED, "replayed"),
                request,
                new Challenges.Offer(true, true, true),
                AccessRequirement.none());
        assertThat(out).hasSize(2).allSatisfy(c -> assertThat(c).endsWith(URL));
        assertThat(out.get(1)).startsWith("DPoP realm=\"shop\", error=\"invalid_dpop_proof\"");
    }

    @Test
    void whenOnlyDpopIsAcceptedThenItsOneChallengeCarriesTheMetadataUrl() {
        List<String> out = challenges.forFailure(
                ValidationFailure.of(FailureReason.MISSING_TOKEN, "none"),
                request,
                new Challenges.Offer(false, true, false),
                AccessRequirement.none());
        assertThat(out).containsExactly("DPoP realm=\"shop\"" + ALGS + URL);
    }
}
