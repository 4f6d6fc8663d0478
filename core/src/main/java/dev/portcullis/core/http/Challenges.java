package dev.portcullis.core.http;

import dev.portcullis.core.BearerError;
import dev.portcullis.core.ValidationFailure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The {@code WWW-Authenticate} values of one authenticator's refusals: the one place where a scheme
 * or a challenge attribute is added, so that every kind of refusal carries it. The {@code Bearer}
 * challenge (RFC 6750 §3) when bearer tokens are accepted, and beside it the {@code DPoP} one
 * (RFC 9449 §7.1: {@code algs} names the accepted proof algorithms) when DPoP is, so that a client
 * learns of both from any 401, one without credentials too. The error goes in the challenge of the
 * scheme the client used ({@code DPoP} for a proof's fault, whose codes RFC 6750 does not know); the
 * other challenge is bare. A 400, 403 or 503 carries the DPoP challenge only for a client that
 * used DPoP or where only DPoP is accepted. The challenge carrying a step-up error also carries
 * {@code acr_values} / {@code max_age} (RFC 9470 §3), and every challenge, of either scheme,
 * {@code resource_metadata} (RFC 9728 §5.1) when the application's metadata URL can be trusted.
 * Immutable.
 */
final class Challenges {
    private final String realm;
    private final String algs;
    private final ResourceMetadata metadata; // null: no resource_metadata attribute

    /** Which schemes a refusal offers, and which one the client used. */
    record Offer(boolean bearer, boolean dpop, boolean usedDpop) {
        static final Offer BEARER_ONLY = new Offer(true, false, false);
        /** Every offer, indexed by its three flags: the request path asks for one per request, allocating none. */
        private static final Offer[] ALL = new Offer[8];

        static {
            for (int i = 0; i < ALL.length; i++) {
                ALL[i] = new Offer((i & 4) != 0, (i & 2) != 0, (i & 1) != 0);
            }
        }

        static Offer of(boolean bearer, boolean dpop, boolean usedDpop) {
            return ALL[(bearer ? 4 : 0) | (dpop ? 2 : 0) | (usedDpop ? 1 : 0)];
        }
    }

    Challenges(String realm) {
        this(realm, List.of(), null);
    }

    Challenges(String realm, ResourceMetadata metadata) {
        this(realm, List.of(), metadata);
    }

    /**
     * @param dpopAlgorithms the accepted DPoP proof algorithms (JWS {@code alg} names)
     * @param metadata the metadata whose URL every challenge carries; null: none
     */
    Challenges(String realm, Collection<String> dpopAlgorithms, ResourceMetadata metadata) {
        this.realm = realm;
        this.algs = String.join(" ", dpopAlgorithms);
        this.metadata = metadata;
    }

    String realm() {
        return realm;
    }

    /** The Bearer challenge answering {@code failure} for {@code request}. */
    List<String> forFailure(ValidationFailure failure, HttpRequestView request) {
        return forFailure(failure, request, Offer.BEARER_ONLY, AccessRequirement.none());
    }

    /** The Bearer challenge answering {@code failure} of a request that needed {@code need}. */
    List<String> forFailure(ValidationFailure failure, HttpRequestView request, AccessRequirement need) {
        return forFailure(failure, request, Offer.BEARER_ONLY, need);
    }

    /** The challenges answering {@code failure}, without {@code resource_metadata}: Bearer, then DPoP. */
    List<String> forFailure(ValidationFailure failure, Offer offer) {
        return forFailure(failure, null, offer, AccessRequirement.none());
    }

    /**
     * The challenges answering {@code failure} of {@code request} (null: no {@code resource_metadata})
     * that needed {@code need}, in the order they are sent: Bearer, then DPoP.
     */
    List<String> forFailure(ValidationFailure failure, HttpRequestView request, Offer offer, AccessRequirement need) {
        // A 401 invites DPoP; a 400, 403 or 503 speaks DPoP only to a client that used it, or where it is required.
        offer = new Offer(
                offer.bearer(),
                offer.dpop() && (failure.status() == 401 || offer.usedDpop() || !offer.bearer()),
                offer.usedDpop());
        boolean hasCode = failure.reason().errorCode().isPresent();
        boolean errorOnDpop = offer.dpop()
                && hasCode
                && (offer.usedDpop() || failure.reason().dpopError().isPresent() || !offer.bearer());
        String stepUp = failure.error().orElse(null) == BearerError.INSUFFICIENT_USER_AUTHENTICATION
                ? StepUp.attributes(need)
                : "";
        String metadataUrl = request == null ? "" : metadataAttribute(request);
        List<String> out = new ArrayList<>(2);
        if (offer.bearer() || !offer.dpop()) {
            out.add((errorOnDpop || failure.error().isEmpty()
                            ? BearerChallenge.bare(realm)
                            : BearerChallenge.forFailure(realm, failure) + stepUp)
                    + metadataUrl);
        }
        if (offer.dpop()) {
            out.add(dpop(failure, errorOnDpop) + (errorOnDpop ? stepUp : "") + metadataUrl);
        }
        return List.copyOf(out);
    }

    /**
     * {@code , resource_metadata="<url>"} for {@code request}, or the empty string when the URL
     * cannot be trusted or no metadata is served; for every scheme's challenge.
     */
    String metadataAttribute(HttpRequestView request) {
        if (metadata == null) {
            return "";
        }
        return metadata.metadataUrl(request)
                .filter(BearerChallenge::isValidDescription)
                .map(url -> ", resource_metadata=\"" + url + "\"")
                .orElse("");
    }

    /** {@code DPoP realm="...", [error="...", error_description="...", [scope="...",]] algs="..."}. */
    private String dpop(ValidationFailure failure, boolean withError) {
        String attributes;
        if (!withError) {
            attributes = BearerChallenge.bare(realm).substring("Bearer".length());
        } else if (failure.error().isPresent()) {
            // realm, error, error_description and scope, written and checked as for Bearer
            attributes = BearerChallenge.forFailure(realm, failure).substring("Bearer".length());
        } else {
            String description = failure.description();
            if (!BearerChallenge.isValidDescription(description)) {
                throw new IllegalStateException("description outside RFC 6750's character set: " + failure.reason());
            }
            attributes = BearerChallenge.bare(realm).substring("Bearer".length()) + ", error=\""
                    + failure.reason().errorCode().orElseThrow() + "\", error_description=\"" + description + "\"";
        }
        return "DPoP" + attributes + ", algs=\"" + algs + "\"";
    }
}
