package dev.portcullis.jaxrs.conformance;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.Principal;
import java.util.Objects;

/** The filter WAR's {@code /api/me}: the caller as {@code getUserPrincipal}, {@code getRemoteUser}, {@code isUserInRole} show it. */
@WebServlet("/api/me")
public class ConformanceServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Principal p = req.getUserPrincipal();
        String remoteUser = req.getRemoteUser();
        resp.setContentType("text/plain");
        resp.getWriter()
                .print(
                        Objects.equals(remoteUser, p == null ? null : p.getName())
                                ? Caller.describe(p, req.getAuthType(), req::isUserInRole)
                                : "getRemoteUser() " + remoteUser + " differs from the principal's name");
    }
}
