package dev.portcullis.benchmarks.http;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The endpoint measured twice: under {@code /api/*}, where the Portcullis filter requires a valid
 * token with scope {@code read:orders}, and under {@code /open/*}, which the filter lets through. It
 * does the same small work either way, so the difference is the filter's.
 */
@WebServlet(urlPatterns = {"/api/ping", "/open/ping"})
public class PingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] BODY = "pong\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.setContentLength(BODY.length);
        resp.getOutputStream().write(BODY);
    }
}
