package dev.portcullis.core.internal;

import dev.portcullis.core.IssuerPolicy;
import dev.portcullis.core.ValidatorConfig;

import java.util.TreeSet;

/** The effective configuration in one line, for the start-up log and JMX: nothing secret (inline keys are not shown). */
final class ConfigSummary {
    private ConfigSummary() {}

    static String describe(ValidatorConfig c) {
        StringBuilder b = new StringBuilder("issuers [");
        boolean first = true;
        for (IssuerPolicy p : c.issuers()) {
            b.append(first ? "" : "; ")
                    .append(p.name())
                    .append(": ")
                    .append(p.issuer())
                    .append(", audiences ")
                    .append(p.anyAudience() ? "(any)" : new TreeSet<>(p.audiences()))
                    .append(", keys ")
                    .append(
                            p.publicKey() != null
                                    ? "inline"
                                    : p.usesDiscovery() ? "by discovery" : p.publicKeyLocation())
                    .append(", algorithms ")
                    .append(new TreeSet<>(p.algorithms()));
            first = false;
        }
        return b.append("], leeway ")
                .append(c.clockSkew().toSeconds())
                .append(" s")
                .append(", required scopes ")
                .append(c.requiredScopes())
                .append(", typ at+jwt ")
                .append(c.requireAccessTokenType() ? "required" : "not required")
                .append(", max token ")
                .append(c.maxTokenLength())
                .append(" chars")
                .append(", roles claim ")
                .append(c.rolesClaim())
                .append(", JWKS refresh ")
                .append(Durations.describe(c.jwksRefreshInterval()))
                .append(" / min refetch ")
                .append(Durations.describe(c.jwksMinRefetchInterval()))
                .append(" / outage tolerance ")
                .append(Durations.describe(c.jwksOutageTolerance()))
                .append(", verified-token cache ")
                .append(c.cacheMaxEntries() == 0 ? "off" : c.cacheMaxEntries() + " entries")
                .toString();
    }
}
