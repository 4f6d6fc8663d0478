package dev.portcullis.jaxrs.conformance;

import dev.portcullis.jaxrs.PortcullisFeature;
import dev.portcullis.servlet.it.EchoServlet;
import dev.portcullis.servlet.it.Wars;
import dev.portcullis.testkit.LocalIdp;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two WARs the conformance cases run against, as a user would build them: one protected by the
 * servlet filter alone, one by the JAX-RS adapter alone. Neither sets {@code portcullis.realm}, so
 * the default realm (the context root) is part of what is checked.
 */
public final class ConformanceWars {
    /** The filter-only WAR's name, and so its context root and realm. */
    public static final String FILTER = "conformance-filter";
    /** The JAX-RS-only WAR's name, and so its context root and realm. */
    public static final String JAXRS = "conformance-jaxrs";

    private ConformanceWars() {}

    private static Map<String, String> config(LocalIdp idp) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("mp.jwt.verify.issuer", idp.issuer());
        c.put("mp.jwt.verify.audiences", "orders-api");
        c.put("mp.jwt.verify.publickey.location", idp.jwksUri().toString());
        c.put("portcullis.jwks.min-refetch-interval", "0s");
        c.put("portcullis.resource.paths", "/api/scoped");
        c.put("portcullis.proxy.trusted", "127.0.0.1, ::1"); // the tests' own requests may act as a proxy
        c.put("portcullis.resource.resource_name", "Conformance \"orders\"");
        c.put("portcullis.introspection.endpoint", idp.introspection().uri().toString());
        c.put("portcullis.introspection.client-id", ConformanceCases.INTROSPECTION_CLIENT);
        c.put("portcullis.introspection.client-secret", ConformanceCases.INTROSPECTION_SECRET);
        return c;
    }

    /**
     * Plain servlets under the filter: {@code /api/scoped/*} needs read:orders, {@code /api/roles/*} the role clerk,
     * {@code /api/strong/*} an acr of urn:gold or urn:platinum, {@code /api/recent/*} an authentication at most
     * 300 s ago, {@code /api/me} shows the caller, {@code /api/dpop} requires DPoP, {@code /api/introspected/*} introspects JWTs.
     */
    public static WebArchive filterOnly(LocalIdp idp) {
        Map<String, String> c = config(idp);
        c.put("portcullis.filter.scopes./api/scoped/*", "read:orders");
        c.put("portcullis.filter.roles./api/roles/*", "clerk");
        c.put("portcullis.filter.acr./api/strong/*", "urn:gold urn:platinum");
        c.put("portcullis.filter.max-age./api/recent/*", "300");
        c.put("portcullis.filter.dpop./api/dpop", "required");
        c.put("portcullis.filter.introspection./api/introspected/*", "jwt");
        return Wars.protectedWar(FILTER, c, EchoServlet.class, ConformanceServlet.class, Caller.class);
    }

    /** {@link ConformanceResources} under the JAX-RS adapter, without the filter jar. */
    public static WebArchive jaxrsOnly(LocalIdp idp) {
        return Wars.war(
                        JAXRS,
                        config(idp),
                        ConformanceResources.class,
                        ConformanceResources.App.class,
                        ConformanceResources.Endpoints.class,
                        Caller.class)
                .addAsLibraries(Wars.jarOf(PortcullisFeature.class));
    }
}
