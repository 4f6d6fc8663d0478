package dev.portcullis.servlet.it;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationMetrics;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** The application's validator counters as "name=value" lines: accepted, each reason, outage. */
@WebServlet("/counters")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        TokenValidator v = (TokenValidator) getServletContext().getAttribute(TokenValidator.class.getName());
        ValidationMetrics m = v.metrics();
        StringBuilder b = new StringBuilder("ACCEPTED=").append(m.accepted()).append('\n');
        m.rejected()
                .forEach((reason, n) ->
                        b.append(reason.name()).append('=').append(n).append('\n'));
        m.issuers().forEach((name, s) -> b.append("OUTAGE=").append(s.outage()).append('\n'));
        resp.setContentType("text/plain");
        resp.getWriter().print(b);
    }
}
