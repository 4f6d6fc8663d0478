package dev.portcullis.servlet;

import dev.portcullis.core.BearerPrincipal;
import dev.portcullis.core.FailureReason;
import dev.portcullis.core.TokenFingerprint;
import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationFailure;
import dev.portcullis.core.ValidationResult;
import dev.portcullis.core.ValidatorConfig;
import dev.portcullis.core.VerifiedToken;
import dev.portcullis.core.http.BearerResponse;
import dev.portcullis.core.http.BearerTokenExtractor;
import dev.portcullis.core.http.BearerTokenExtractor.Extraction;
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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Protects a web application with bearer tokens. Adding the jar to {@code WEB-INF/lib} registers it
 * for {@code /*} (web fragment); it is configured with MicroProfile JWT and {@code portcullis.*}
 * properties from MicroProfile Config, {@code web.xml} parameters or system properties.
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
 * {@code portcullis.filter.roles.<pattern>} (any of these roles), {@code portcullis.realm}.
 */
public final class PortcullisFilter implements Filter {
    /** Request attribute holding the {@link VerifiedToken} of an authenticated request. */
    public static final String TOKEN_ATTRIBUTE = VerifiedToken.class.getName();
    /** Servlet-context attribute holding the application's {@link TokenValidator}, for other adapters. */
    public static final String VALIDATOR_ATTRIBUTE = TokenValidator.class.getName();
    /** The authentication scheme reported by {@code getAuthType()}. */
    public static final String AUTH_TYPE = "BEARER";

    private static final System.Logger LOG = System.getLogger("dev.portcullis.servlet");
    private static final int LOG_TEXT_MAX = 200;

    private volatile State state;

    private record State(boolean enabled, TokenValidator validator, BearerTokenExtractor extractor,
                         PathRules rules, String realm, ServletContext context) {
    }

    /** Created by the container. */
    public PortcullisFilter() {
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        Settings settings = Settings.of(filterConfig);
        ServletContext context = filterConfig.getServletContext();
        boolean enabled;
        try {
            enabled = settings.get("portcullis.filter.enabled").map(PortcullisFilter::bool).orElse(true);
        } catch (IllegalArgumentException e) {
            throw new ServletException("portcullis.filter.enabled: " + e.getMessage());
        }
        if (!enabled) {
            LOG.log(System.Logger.Level.INFO, "Portcullis filter disabled (portcullis.filter.enabled=false)");
            state = new State(false, null, null, null, null, context);
            return;
        }
        PathRules rules;
        try {
            rules = PathRules.of(
                    PathRules.words(settings.get("portcullis.filter.include").orElse("")).stream().toList(),
                    PathRules.words(settings.get("portcullis.filter.exclude").orElse("")).stream().toList(),
                    settings.withPrefix("portcullis.filter.scopes."),
                    settings.withPrefix("portcullis.filter.roles."));
        } catch (IllegalArgumentException e) {
            throw new ServletException("portcullis.filter.*: " + e.getMessage());
        }
        ValidatorConfig config;
        try {
            config = ValidatorConfig.fromProperties(settings::get);
        } catch (IllegalArgumentException e) {
            throw new ServletException("Portcullis configuration: " + e.getMessage());
        }
        String realm = settings.get("portcullis.realm").orElse(defaultRealm(context));
        TokenValidator validator = TokenValidator.builder(config).name(defaultRealm(context)).build();
        if (context != null && context.getAttribute(VALIDATOR_ATTRIBUTE) == null) {
            context.setAttribute(VALIDATOR_ATTRIBUTE, validator);
        }
        state = new State(true, validator, BearerTokenExtractor.forHeader(config.tokenHeader()), rules, realm, context);
        LOG.log(System.Logger.Level.INFO, "Portcullis protects {0}: issuers {1}, realm {2}",
                context == null ? "the application" : "/" + context.getContextPath().replaceFirst("^/", ""),
                config.issuers().stream().map(p -> p.issuer()).toList(), realm);
    }

    private static String defaultRealm(ServletContext context) {
        if (context == null) {
            return "api";
        }
        String path = context.getContextPath();
        return path == null || path.isEmpty() || path.equals("/") ? "api" : path.substring(1);
    }

    private static boolean bool(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        throw new IllegalArgumentException("expected true or false, was '" + v + "'");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        State s = state;
        if (s == null || !s.enabled() || !(req instanceof HttpServletRequest request)
                || !(resp instanceof HttpServletResponse response)) {
            chain.doFilter(req, resp);
            return;
        }
        String path = pathWithinApplication(request);
        if (!s.rules().isProtected(path) || isCorsPreflight(request)) {
            chain.doFilter(req, resp);
            return;
        }
        Object already = request.getAttribute(TOKEN_ATTRIBUTE);
        if (already instanceof VerifiedToken token) { // e.g. a forward of an authenticated request
            authorizeAndContinue(s, request, response, chain, token, path, null);
            return;
        }
        List<String> headers = Collections.list(request.getHeaders(s.extractor().headerName()));
        Extraction extraction = s.extractor().extract(headers, tokenElsewhere(request));
        if (extraction instanceof Extraction.Absent) {
            LOG.log(System.Logger.Level.DEBUG, "Refused {0} {1}: no bearer token", forLog(request.getMethod()), forLog(path));
            // Judged by the validator too, so a proxy that drops the header shows in its counters.
            write(response, BearerResponse.forResult(s.realm(), s.validator().validate(null)));
            return;
        }
        if (extraction instanceof Extraction.Refused refused) {
            LOG.log(System.Logger.Level.DEBUG, "Refused {0} {1}: {2} ({3})", forLog(request.getMethod()), forLog(path),
                    refused.failure().reason(), refused.failure().detail());
            s.validator().recordRefusal(refused.failure());
            write(response, BearerResponse.forFailure(s.realm(), refused.failure()));
            return;
        }
        String token = ((Extraction.Found) extraction).token();
        ValidationResult result = s.validator().validate(token);
        if (result instanceof ValidationResult.Valid valid) {
            request.setAttribute(TOKEN_ATTRIBUTE, valid.token());
            authorizeAndContinue(s, request, response, chain, valid.token(), path, token);
            return;
        }
        ValidationFailure failure = result.rejection().orElseThrow();
        LOG.log(failure.reason().isServerFault() ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                "Refused {0} {1}: token {2} {3} ({4})", forLog(request.getMethod()), forLog(path),
                TokenFingerprint.of(token), failure.reason(), failure.detail());
        write(response, BearerResponse.forResult(s.realm(), result));
    }

    /** {@code raw}: the token as presented, for the fingerprint in a refusal's log line; null if unknown. */
    private void authorizeAndContinue(State s, HttpServletRequest request, HttpServletResponse response,
                                      FilterChain chain, VerifiedToken token, String path, String raw)
            throws IOException, ServletException {
        PathRules.Requirement need = s.rules().requirement(path);
        ValidationFailure failure = null;
        if (!need.scopes().isEmpty() && !token.scopes().containsAll(need.scopes())) {
            failure = new ValidationFailure(FailureReason.INSUFFICIENT_SCOPE, "the path needs scopes " + need.scopes(),
                    List.copyOf(need.scopes()));
        } else if (!need.roles().isEmpty() && Collections.disjoint(token.roles(), need.roles())) {
            failure = ValidationFailure.of(FailureReason.INSUFFICIENT_ROLE, "the path needs one of the roles " + need.roles());
        }
        if (failure != null) {
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) { // a SHA-256 of the token: not for every request
                LOG.log(System.Logger.Level.DEBUG, "Refused {0} {1}: token {2} {3} ({4})", forLog(request.getMethod()),
                        forLog(path), TokenFingerprint.of(raw), failure.reason(), failure.detail());
            }
            s.validator().recordRefusal(failure);
            write(response, BearerResponse.forFailure(s.realm(), failure));
            return;
        }
        chain.doFilter(new AuthenticatedRequest(request, new BearerPrincipal(token)), response);
    }

    /**
     * Request text (method, decoded path) made safe for a log line: at most {@value #LOG_TEXT_MAX}
     * characters, anything but printable ASCII shown as {@code ?}, so that a CR or LF in a
     * percent-encoded path cannot forge log lines.
     */
    static String forLog(String text) {
        if (text == null) {
            return "-";
        }
        int n = Math.min(text.length(), LOG_TEXT_MAX);
        StringBuilder b = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > LOG_TEXT_MAX ? b.append("...").toString() : b.toString();
    }

    /** The path within the application, as servlet URL patterns see it. */
    static String pathWithinApplication(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    private static boolean isCorsPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /**
     * True if the request also carries a token as {@code access_token} in the query string, or in
     * a form-encoded body (RFC 6750 §2.2, §2.3). Such tokens never authenticate; with a header token
     * too the request is refused as presenting more than one token.
     */
    private static boolean tokenElsewhere(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null && (query.startsWith("access_token=") || query.contains("&access_token="))) {
            return true;
        }
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                && request.getParameter("access_token") != null;
    }

    private static void write(HttpServletResponse response, BearerResponse answer) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(answer.status());
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            response.setHeader(h.getKey(), h.getValue());
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
        if (s != null && s.validator() != null) {
            if (s.context() != null && s.context().getAttribute(VALIDATOR_ATTRIBUTE) == s.validator()) {
                s.context().removeAttribute(VALIDATOR_ATTRIBUTE);
            }
            s.validator().close();
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
