package dev.portcullis.core.internal;

import dev.portcullis.core.FailureReason;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationMetrics;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Token introspection (RFC 7662) as a stage after every local check: a JWT that validated is introspected
 * when its issuer's mode (or the request's) says {@code jwt}/{@code all}, and {@code active: false} refuses it
 * ({@link FailureReason#REVOKED}); a token that is not a JWT is accepted by introspection alone when the mode
 * says {@code opaque}/{@code all}, at the first issuer whose mode admits opaque tokens (else the first issuer).
 * Answers come from the {@link IntrospectionCache} when they can. Without an answer: 503
 * ({@link FailureReason#INTROSPECTION_UNAVAILABLE}) with {@code Retry-After}, or with
 * {@link IntrospectionConfig.OnOutage#ACCEPT_CACHED_JWT} the locally validated JWT.
 */
final class IntrospectionStep implements TokenValidator {

    /** One issuer's introspection. */
    record Issuer(
            Tenant tenant, IntrospectionConfig.Mode mode, IntrospectionClient client, IntrospectionOutage outage) {}

    private final TokenValidator delegate;
    private final Map<String, Issuer> byIss;
    private final List<Issuer> issuers;
    private final Issuer opaqueDefault;
    private final Issuer opaqueAny;
    private final IntrospectionCache cache;
    private final IntrospectionChecks checks;
    private final ValidationCounters counters;
    private final boolean acceptJwtOnOutage;
    private final int maxTokenLength;
    private final long waitMillis;
    private final ExecutorService executor;
    /** For the start-up log and JMX ({@link #describe()}). */
    private final String summary;

    IntrospectionStep(
            TokenValidator delegate,
            List<Issuer> issuers,
            IntrospectionCache cache,
            IntrospectionChecks checks,
            ValidationCounters counters,
            IntrospectionConfig introspection,
            ExecutorService executor) {
        ValidatorConfig config = delegate.config();
        this.delegate = delegate;
        this.issuers = List.copyOf(issuers);
        Map<String, Issuer> map = new LinkedHashMap<>();
        issuers.forEach(i -> map.put(i.tenant().policy().issuer(), i));
        this.byIss = Map.copyOf(map);
        this.opaqueDefault =
                issuers.stream().filter(i -> i.mode().opaque()).findFirst().orElse(null);
        this.opaqueAny = opaqueDefault != null ? opaqueDefault : issuers.get(0);
        this.cache = cache;
        this.checks = checks;
        this.counters = counters;
        this.acceptJwtOnOutage = introspection.onOutage() == IntrospectionConfig.OnOutage.ACCEPT_CACHED_JWT;
        this.maxTokenLength = config.maxTokenLength();
        this.waitMillis = config.jwksFetchTimeout().toMillis() + 1000;
        this.executor = executor;
        StringBuilder b = new StringBuilder("introspection [");
        for (int k = 0; k < this.issuers.size(); k++) {
            Issuer i = this.issuers.get(k);
            b.append(k == 0 ? "" : "; ")
                    .append(i.tenant().policy().name())
                    .append(": ")
                    .append(i.mode().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" at ")
                    .append(i.client().describe());
        }
        this.summary = b.append("], answers cached ")
                .append(Durations.describe(introspection.cacheTtl()))
                .append(" / ")
                .append(introspection.cacheMaxEntries())
                .append(" entries, on outage ")
                .append(introspection.onOutage().name().toLowerCase(java.util.Locale.ROOT))
                .toString();
    }

    /**
     * The introspection settings in a few words, for the start-up log line and JMX: each issuer's mode
     * and endpoint, the answer cache, what an outage does. Nothing secret (no client credentials).
     */
    String describe() {
        return summary;
    }

    @Override
    public ValidationResult validate(String token) {
        return validate(token, null);
    }

    @Override
    public ValidationResult validate(String token, IntrospectionConfig.Mode request) {
        if (token == null || token.isEmpty() || token.length() > maxTokenLength) {
            return delegate.validate(token);
        }
        Issuer opaque = request == null ? opaqueDefault : request.opaque() ? opaqueAny : null;
        if (opaque != null && !jwsShaped(token)) {
            return opaque(token, opaque);
        }
        ValidationResult local = delegate.validate(token);
        if (!(local instanceof ValidationResult.Valid valid)) {
            return local;
        }
        Issuer issuer = byIss.get(valid.token().issuer());
        IntrospectionConfig.Mode mode = request != null ? request : issuer.mode();
        return mode.jwt() ? jwt(token, valid, issuer) : local;
    }

    private ValidationResult jwt(String token, ValidationResult.Valid valid, Issuer issuer) {
        IntrospectionCache.Answer a = cache.cachedFor(valid.token());
        if (a != null) {
            counters.introspectionCacheHit();
        } else {
            Object answer = lookup(
                    issuer,
                    IntrospectionCache.ofJwt(token),
                    token,
                    valid.token().expiresAt().getEpochSecond());
            if (answer instanceof ValidationResult.Unavailable unavailable) {
                return acceptJwtOnOutage ? valid : unavailable;
            }
            a = (IntrospectionCache.Answer) answer;
            cache.remember(valid.token(), a);
        }
        if (!a.active()) {
            return issuer.tenant().refuse(FailureReason.REVOKED, "the introspection endpoint answered active: false");
        }
        ValidationResult refused = checks.checkJwt(a.members(), issuer.tenant());
        return refused != null ? refused : valid;
    }

    private ValidationResult opaque(String token, Issuer issuer) {
        Object answer = lookup(issuer, IntrospectionCache.ofOpaque(token), token, Long.MAX_VALUE);
        if (answer instanceof ValidationResult.Unavailable unavailable) {
            return unavailable;
        }
        IntrospectionCache.Answer a = (IntrospectionCache.Answer) answer;
        if (!a.active()) {
            return issuer.tenant().refuse(FailureReason.REVOKED, "the introspection endpoint answered active: false");
        }
        return checks.opaque(a.members(), issuer.tenant());
    }

    /** The answer, as an {@link IntrospectionCache.Answer}, or the {@link ValidationResult.Unavailable} to give. */
    private Object lookup(Issuer issuer, IntrospectionCache.Key key, String token, long expSeconds) {
        IntrospectionCache.Answer cached = cache.cached(key);
        if (cached != null) {
            counters.introspectionCacheHit();
            return cached;
        }
        if (issuer.client() == null) {
            counters.introspectionFailed(ValidationMetrics.IntrospectionFailure.NO_ENDPOINT);
            return unavailable(
                    issuer,
                    "no introspection client is configured for issuer "
                            + issuer.tenant().policy().name(),
                    IntrospectionOutage.RETRY_AFTER);
        }
        Duration backoff = issuer.outage().backingOff();
        if (backoff != null) {
            return unavailable(
                    issuer, "introspection is failing (" + issuer.outage().lastFailure() + ")", backoff);
        }
        boolean[] called = {false};
        CompletableFuture<IntrospectionCache.Answer> future = cache.get(key, () -> {
            called[0] = true;
            return call(issuer, token, expSeconds);
        });
        if (!called[0]) {
            counters.introspectionCacheHit();
        }
        try {
            IntrospectionCache.Answer answer = future.get(waitMillis, TimeUnit.MILLISECONDS);
            if (answer.failure() != null) {
                return failed(issuer, answer.failure());
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(issuer, "interrupted while waiting for introspection", IntrospectionOutage.RETRY_AFTER);
        } catch (ExecutionException | TimeoutException e) {
            return failed(issuer, IntrospectionException.unwrap(e));
        }
    }

    private static ValidationResult failed(Issuer issuer, IntrospectionException f) {
        return unavailable(
                issuer,
                "introspection at " + issuer.client().describe() + " failed: " + f.kind + " (" + f.getMessage() + ")",
                IntrospectionOutage.RETRY_AFTER);
    }

    private CompletableFuture<IntrospectionCache.Answer> call(Issuer issuer, String token, long expSeconds) {
        counters.introspectionCalled();
        CompletableFuture<JsonObject> call;
        try {
            call = issuer.client().introspect(token);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(new IntrospectionException(
                    ValidationMetrics.IntrospectionFailure.CONNECTION, "the call could not be made"));
        }
        return call.handle((members, error) -> {
            if (error != null) {
                IntrospectionException f = IntrospectionException.unwrap(error);
                counters.introspectionFailed(f.kind);
                issuer.outage().failed(f, issuer.client().describe());
                return cache.failed(f);
            }
            issuer.outage().succeeded(issuer.client().describe());
            boolean active = (Boolean) members.get("active");
            counters.introspectionAnswered(active);
            long exp = members.get("exp") instanceof Number n ? NumericDate.seconds(n) : expSeconds;
            return new IntrospectionCache.Answer(members, active, cache.keepUntil(active, exp));
        });
    }

    private static ValidationResult unavailable(Issuer issuer, String detail, Duration retryAfter) {
        issuer.tenant().counted(FailureReason.INTROSPECTION_UNAVAILABLE);
        return new ValidationResult.Unavailable(
                ValidationFailure.of(FailureReason.INTROSPECTION_UNAVAILABLE, detail), retryAfter);
    }

    /** True if the token has the shape of a JWS (two dots): the local checks judge it; anything else is opaque. */
    static boolean jwsShaped(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return second > 0 && token.indexOf('.', second + 1) < 0;
    }

    /** Per issuer that introspects: its endpoint and whether it answers, for readiness; never secrets. */
    Map<String, String> endpointStates() {
        Map<String, String> details = new LinkedHashMap<>();
        for (Issuer i : issuers) {
            if (i.client() == null) {
                continue;
            }
            details.put(
                    i.tenant().policy().name() + " introspection",
                    i.outage().failing()
                            ? "WARNING: introspection endpoint " + i.client().describe() + " failing ("
                                    + i.outage().lastFailure() + ")"
                            : "introspection endpoint " + i.client().describe());
        }
        return details;
    }

    /** True while some issuer's introspection is failing. */
    boolean outage() {
        return issuers.stream().anyMatch(i -> i.outage().failing());
    }

    @Override
    public ValidatorConfig config() {
        return delegate.config();
    }

    @Override
    public void close() {
        cache.clear();
        executor.shutdownNow();
        delegate.close();
    }
}
