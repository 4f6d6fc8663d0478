package dev.portcullis.jaxrs.it;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationMetrics;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Reports the application's (shared) validator's counters, one {@code name=count} per line:
 * {@code ACCEPTED}, then each refusal reason seen.
 */
@WebServlet("/validations")
public class ValidationCountServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object v = getServletContext().getAttribute(TokenValidator.class.getName());
        resp.setContentType("text/plain");
        if (v instanceof TokenValidator validator) {
            ValidationMetrics m = validator.metrics();
            StringBuilder b =
                    new StringBuilder("ACCEPTED=").append(m.accepted()).append('\n');
            m.rejected()
                    .forEach((reason, n) ->
                            b.append(reason.name()).append('=').append(n).append('\n'));
            resp.getWriter().print(b);
        } else {
            resp.getWriter().print("none");
        }
    }
}
