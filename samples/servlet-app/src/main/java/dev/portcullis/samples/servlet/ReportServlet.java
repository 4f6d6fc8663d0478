package dev.portcullis.samples.servlet;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A plain servlet that knows nothing about tokens: the Portcullis filter jar in WEB-INF/lib and
 * three lines of configuration protect it.
 */
@WebServlet(urlPatterns = {"/reports/*", "/hello", "/status"})
public class ReportServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        String user = req.getRemoteUser();
        resp.getWriter()
                .println(req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo())
                        + " for " + (user == null ? "anyone" : user)
                        + (req.isUserInRole("clerk") ? " (clerk)" : ""));
    }
}
