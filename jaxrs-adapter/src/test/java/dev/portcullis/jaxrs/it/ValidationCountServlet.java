package dev.portcullis.jaxrs.it;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationMetrics;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Reports how many tokens the application's (shared) validator has judged. */
@WebServlet("/validations")
public class ValidationCountServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object v = getServletContext().getAttribute(TokenValidator.class.getName());
        resp.setContentType("text/plain");
        if (v instanceof TokenValidator validator) {
            ValidationMetrics m = validator.metrics();
            resp.getWriter().print(m.accepted() + m.rejectedTotal());
        } else {
            resp.getWriter().print("none");
        }
    }
}
