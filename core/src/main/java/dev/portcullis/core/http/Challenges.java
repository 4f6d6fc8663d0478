package dev.portcullis.core.http;

import dev.portcullis.core.BearerError;
import dev.portcullis.core.ValidationFailure;

import java.util.List;

/**
 * The {@code WWW-Authenticate} values of one authenticator's refusals: the one place where a scheme
 * (Bearer today) or a challenge attribute is added, so that every kind of refusal carries it:
 * {@code acr_values} / {@code max_age} of a step-up refusal (RFC 9470 §3) and
 * {@code resource_metadata} (RFC 9728 §5.1) on every challenge when the application's metadata URL
 * can be trusted. Immutable.
 */
final class Challenges {
    private final String realm;
    private final ResourceMetadata metadata; // null: no resource_metadata attribute

    Challenges(String realm, ResourceMetadata metadata) {
        this.realm = realm;
        this.metadata = metadata;
    }

    String realm() {
        return realm;
    }

    /** The challenges answering {@code failure} for {@code request}, in the order they are sent. */
    List<String> forFailure(ValidationFailure failure, HttpRequestView request) {
        return forFailure(failure, request, AccessRequirement.none());
    }

    /** The challenges answering {@code failure} of a request that needed {@code need}. */
    List<String> forFailure(ValidationFailure failure, HttpRequestView request, AccessRequirement need) {
        String bearer = BearerChallenge.forFailure(realm, failure);
        if (failure.error().orElse(null) == BearerError.INSUFFICIENT_USER_AUTHENTICATION) {
            bearer += StepUp.attributes(need);
        }
        return List.of(bearer + metadataAttribute(request));
    }

    /**
     * {@code , resource_metadata="<url>"} for {@code request}, or the empty string when the URL
     * cannot be trusted or no metadata is served; for every scheme's challenge (a DPoP challenge too).
     */
    String metadataAttribute(HttpRequestView request) {
        if (metadata == null) {
            return "";
        }
        return metadata.metadataUrl(request).filter(BearerChallenge::isValidDescription)
                .map(url -> ", resource_metadata=\"" + url + "\"").orElse("");
    }
}
