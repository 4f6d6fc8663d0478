package dev.portcullis.servlet.it;

import dev.portcullis.core.BearerPrincipal;
import dev.portcullis.servlet.PortcullisFilter;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.Principal;

/** Answers every path with what the application sees of the caller. */
@WebServlet("/")
public class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Principal p = req.getUserPrincipal();
        resp.setContentType("text/plain");
        resp.getWriter()
                .print("user=" + req.getRemoteUser()
                        + ";auth=" + req.getAuthType()
                        + ";admin=" + req.isUserInRole("admin")
                        + ";bearer=" + (p instanceof BearerPrincipal)
                        + ";scopes="
                        + (p instanceof BearerPrincipal b ? String.join(" ", new java.util.TreeSet<>(b.scopes())) : "")
                        + ";attribute=" + (req.getAttribute(PortcullisFilter.TOKEN_ATTRIBUTE) != null)
                        + ";path=" + req.getServletPath());
    }
}
