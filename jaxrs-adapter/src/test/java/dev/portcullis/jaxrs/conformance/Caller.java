package dev.portcullis.jaxrs.conformance;

import dev.portcullis.core.BearerPrincipal;

import java.security.Principal;
import java.util.function.Predicate;

/**
 * What an application sees of its caller, written the same way by the filter WAR's servlet
 * ({@link ConformanceServlet}) and the JAX-RS WAR's resource ({@link ConformanceResources}), so one
 * expected answer serves both.
 */
final class Caller {
    private Caller() {}

    static String describe(Principal principal, String scheme, Predicate<String> inRole) {
        return "name=" + (principal == null ? null : principal.getName())
                + ";bearer=" + (principal instanceof BearerPrincipal)
                + ";scheme=" + scheme
                + ";clerk=" + inRole.test("clerk")
                + ";auditor=" + inRole.test("auditor")
                + ";admin=" + inRole.test("admin");
    }
}
