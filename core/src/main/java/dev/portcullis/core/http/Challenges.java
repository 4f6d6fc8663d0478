package dev.portcullis.core.http;

import dev.portcullis.core.ValidationFailure;

import java.util.List;

/**
 * The {@code WWW-Authenticate} values of one authenticator's refusals: the one place where a scheme
 * (Bearer today) or a challenge attribute is added, so that every kind of refusal carries it.
 * Immutable.
 */
final class Challenges {
    private final String realm;

    Challenges(String realm) {
        this.realm = realm;
    }

    String realm() {
        return realm;
    }

    /** The challenges answering {@code failure} for {@code request}, in the order they are sent. */
    List<String> forFailure(ValidationFailure failure, HttpRequestView request) {
        return List.of(BearerChallenge.forFailure(realm, failure));
    }
}
