package dev.portcullis.servlet.it;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.TreeSet;

/** Lists the server's live threads whose names start with "portcullis". */
@WebServlet("/threads")
public class ThreadsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("portcullis")) {
                names.add(t.getName());
            }
        }
        resp.setContentType("text/plain");
        resp.getWriter().print(String.join(",", names));
    }
}
