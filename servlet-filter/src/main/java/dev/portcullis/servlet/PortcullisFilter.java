package dev.portcullis.servlet;

import dev.portcullis.core.BearerPrincipal;
import dev.portcullis.core.IntrospectionConfig;
import dev.portcullis.core.Settings;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.http.AccessRequirement;
import dev.portcullis.core.http.BearerAuthenticator;
import dev.portcullis.core.http.BearerResponse;
import dev.portcullis.core.http.ResourceMetadata;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Protects a web application with bearer tokens. Adding the jar to {@code WEB-INF/lib} registers it
 * for {@code /*} (web fragment); it is configured with MicroProfile JWT and {@code portcullis.*}
 * properties read by {@link Settings}: its init parameters, {@code web.xml} context parameters, then
 * MicroProfile Config (or, without it, system properties, environment variables and
 * {@code microprofile-config.properties}). The request path itself is {@link BearerAuthenticator}.
 *
 * <p>On success the request carries a {@link BearerPrincipal} ({@code getUserPrincipal()},
 * {@code getRemoteUser()}, {@code isUserInRole()}, auth type {@code BEARER}) and the
 * {@link VerifiedToken} as attribute {@link #TOKEN_ATTRIBUTE}. Refusals are answered per RFC 6750:
 * 400 {@code invalid_request}, 401 {@code invalid_token} (or a bare challenge without a token),
 * 403 {@code insufficient_scope}, and 503 with {@code Retry-After} when the keys cannot be had.
 *
 * <p>Filter settings: {@code portcullis.filter.enabled} (default true),
 * {@code portcullis.filter.include} / {@code portcullis.filter.exclude} (servlet URL patterns,
 * comma-separated), {@code portcullis.filter.scopes.<pattern>} (all of these scopes),
 * {@code portcullis.filter.roles.<pattern>} (any of these roles), {@code portcullis.filter.acr.<pattern>}
 * (the token's {@code acr} one of these), {@code portcullis.filter.max-age.<pattern>} (its
 * {@code auth_time} at most so many seconds ago), {@code portcullis.realm}. The filter also serves
 * the protected-resource metadata ({@link ResourceMetadata}, {@code portcullis.resource.*}) at
 * {@code /.well-known/oauth-protected-resource[/<resource path>]}, never behind the token check.
 *
 * <p>No code is needed; with the jar in the WAR, {@code META-INF/microprofile-config.properties} (or context
 * parameters, or system properties) says what to protect:
 *
 * <pre>{@code
 * mp.jwt.verify.issuer=https://idp.example.com/realms/shop
 * mp.jwt.verify.audiences=orders-api
 * portcullis.filter.exclude=/health, /public/*
 * portcullis.filter.scopes./api/orders/*=read:orders
 * portcullis.filter.roles./admin/*=admin
 * }</pre>
 *
 * A servlet then reads the caller: {@code request.getUserPrincipal().getName()}, {@code request.isUserInRole("admin")},
 * or {@code (VerifiedToken) request.getAttribute(PortcullisFilter.TOKEN_ATTRIBUTE)}.
 *
 * @since 0.1.0
 */
public final class PortcullisFilter implements Filter {
    /** Request attribute holding the {@link VerifiedToken} of an authenticated request. */
    public static final String TOKEN_ATTRIBUTE = VerifiedToken.class.getName();
    /** Servlet-context attribute holding the application's {@link TokenValidator}, for other adapters. */
    public static final String VALIDATOR_ATTRIBUTE = TokenValidator.class.getName();
    /** The authentication scheme reported by {@code getAuthType()}. */
    public static final String AUTH_TYPE = "BEARER";

    private static final System.Logger LOG = System.getLogger("dev.portcullis.servlet");

    private volatile State state;

    private record State(
            boolean enabled,
            BearerAuthenticator authenticator,
            PathRules rules,
            ServletContext context,
            ResourceMetadata metadata) {}

    /** Created by the container. */
    public PortcullisFilter() {}

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        ServletContext context = filterConfig.getServletContext();
        String contextPath = context == null ? null : context.getContextPath();
        Settings settings = FilterSettings.of(filterConfig, context);
        boolean enabled;
        try {
            enabled = settings.get("portcullis.filter.enabled")
                    .map(FilterSettings::bool)
                    .orElse(true);
        } catch (IllegalArgumentException e) {
            throw new ServletException("portcullis.filter.enabled: " + e.getMessage());
        }
        if (!enabled) {
            LOG.log(System.Logger.Level.INFO, "Portcullis filter disabled (portcullis.filter.enabled=false)");
            state = new State(false, null, null, context, null);
            return;
        }
        PathRules rules;
        try {
            rules = PathRules.fromSettings(settings);
        } catch (IllegalArgumentException e) {
            throw new ServletException("portcullis.filter.*: " + e.getMessage());
        }
        ValidatorConfig config;
        IntrospectionConfig introspection;
        ResourceMetadata metadata;
        try {
            config = settings.validatorConfig();
            introspection = settings.introspectionConfig();
            metadata = ResourceMetadata.fromSettings(settings, config, rules.scopes())
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            throw new ServletException("Portcullis configuration: " + e.getMessage());
        }
        TokenValidator validator;
        try {
            validator = TokenValidator.builder(config)
                    .name(Settings.applicationName(contextPath))
                    .introspection(introspection)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ServletException("Portcullis configuration: " + e.getMessage());
        }
        BearerAuthenticator built;
        try {
            built = BearerAuthenticator.builder(validator)
                    .realm(settings.realm(contextPath))
                    .metadata(metadata)
                    .clientCertificateHeader(
                            settings.get("portcullis.mtls.certificate-header").orElse(null))
                    .dpop(settings.dpopConfig())
                    .build();
        } catch (IllegalArgumentException e) {
            validator.close();
            throw new ServletException("Portcullis configuration: " + e.getMessage());
        }
        if (context != null && context.getAttribute(VALIDATOR_ATTRIBUTE) == null) {
            context.setAttribute(VALIDATOR_ATTRIBUTE, built.validator());
        }
        state = new State(true, built, rules, context, metadata);
        LOG.log(
                System.Logger.Level.INFO,
                "Portcullis protects {0}: issuers {1}, realm {2}",
                "/" + (contextPath == null ? "" : contextPath.replaceFirst("^/", "")),
                config.issuers().stream().map(p -> p.issuer()).toList(),
                built.realm());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        State s = state;
        if (s == null
                || !s.enabled()
                || !(req instanceof HttpServletRequest request)
                || !(resp instanceof HttpServletResponse response)) {
            chain.doFilter(req, resp);
            return;
        }
        String path = pathWithinApplication(request);
        if (s.metadata() != null && ResourceMetadata.isMetadataPath(path)) {
            write(response, s.metadata().answer(new ServletRequestView(request, path)));
            return;
        }
        if (!s.rules().isProtected(path) || isCorsPreflight(request)) {
            chain.doFilter(req, resp);
            return;
        }
        AccessRequirement need = s.rules().requirement(path);
        ServletRequestView view = new ServletRequestView(request, path);
        BearerAuthenticator.Decision decision;
        if (request.getAttribute(TOKEN_ATTRIBUTE) instanceof VerifiedToken verified) { // e.g. a forward
            decision = s.authenticator().authorize(verified, view, need);
        } else {
            decision = s.authenticator().authenticate(view, need);
        }
        if (decision instanceof BearerAuthenticator.Authenticated ok) {
            request.setAttribute(TOKEN_ATTRIBUTE, ok.token());
            if (!ok.responseHeaders().isEmpty()) { // a DPoP-Nonce; usually none, and then no iterator
                for (Map.Entry<String, List<String>> h : ok.responseHeaders().entrySet()) {
                    for (String value : h.getValue()) {
                        response.addHeader(h.getKey(), value);
                    }
                }
            }
            chain.doFilter(new AuthenticatedRequest(request, ok.principal()), response);
        } else {
            write(response, ((BearerAuthenticator.Refused) decision).response());
        }
    }

    /** The path within the application, as servlet URL patterns see it. */
    static String pathWithinApplication(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (pathInfo == null) { // the usual case: the servlet path alone, no new string
            return servletPath == null || servletPath.isEmpty() ? "/" : servletPath;
        }
        String path = (servletPath == null ? "" : servletPath) + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    private static boolean isCorsPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod())
                && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    private static void write(HttpServletResponse response, BearerResponse answer) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(answer.status());
        for (Map.Entry<String, List<String>> h : answer.headers().entrySet()) {
            response.setHeader(h.getKey(), null);
            for (String value : h.getValue()) {
                response.addHeader(h.getKey(), value);
            }
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentType(BearerResponse.CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    @Override
    public void destroy() {
        State s = state;
        state = null;
        if (s != null && s.authenticator() != null) {
            TokenValidator validator = s.authenticator().validator();
            if (s.context() != null && s.context().getAttribute(VALIDATOR_ATTRIBUTE) == validator) {
                s.context().removeAttribute(VALIDATOR_ATTRIBUTE);
            }
            validator.close();
        }
    }

    /** The request as seen by the application after authentication. */
    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
        private final BearerPrincipal principal;
        private final Set<String> roles;

        AuthenticatedRequest(HttpServletRequest request, BearerPrincipal principal) {
            super(request);
            this.principal = principal;
            this.roles = principal.roles();
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return role != null && roles.contains(role);
        }

        @Override
        public String getAuthType() {
            return AUTH_TYPE;
        }
    }
}
