package dev.portcullis.benchmarks.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floor of the cold protected request, not protected by the filter ({@code /open/floor}): the ping's
 * work plus the least a server must do to accept a signed token, and nothing else: read the
 * {@code Authorization} header, decode the signature, and verify it (RS256, the JDK's {@link Signature})
 * over the token's signing input with the pool's key. No claims, no header checks, no cache. Against the
 * unprotected ping it gives the best ratio a protected endpoint with the cache off can reach on the
 * machine at hand; against it, the filter's path shows what it adds beyond the verification.
 */
@WebServlet(urlPatterns = "/open/floor")
public class FloorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] BODY = "pong\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern MEMBER = Pattern.compile("\"(n|e)\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");

    private transient PublicKey key;
    /** One {@code Signature} per request thread, as the filter keeps a few: no provider lookup per request. */
    private final transient ThreadLocal<Signature> signatures = ThreadLocal.withInitial(FloorServlet::rs256);

    @Override
    public void init() throws ServletException {
        String location = System.getProperty("mp.jwt.verify.publickey.location");
        try {
            String jwks = Files.readString(Path.of(location), StandardCharsets.US_ASCII);
            BigInteger n = null;
            BigInteger e = null;
            Matcher m = MEMBER.matcher(jwks);
            while (m.find()) {
                BigInteger value = new BigInteger(1, Base64.getUrlDecoder().decode(m.group(2)));
                if (m.group(1).equals("n")) {
                    n = value;
                } else {
                    e = value;
                }
            }
            key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (IOException | GeneralSecurityException | RuntimeException ex) {
            throw new ServletException("the floor needs the pool's RSA key in " + location, ex);
        }
    }

    private static Signature rs256() {
        try {
            return Signature.getInstance("SHA256withRSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String header = req.getHeader("Authorization");
        int lastDot = header == null ? -1 : header.lastIndexOf('.');
        boolean verified;
        try {
            Signature rs256 = signatures.get();
            rs256.initVerify(key);
            byte[] input = header.substring(7, lastDot).getBytes(StandardCharsets.US_ASCII);
            rs256.update(input);
            verified = rs256.verify(Base64.getUrlDecoder().decode(header.substring(lastDot + 1)));
        } catch (GeneralSecurityException | RuntimeException e) {
            verified = false;
        }
        if (!verified) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        resp.setContentType("text/plain");
        resp.setContentLength(BODY.length);
        resp.getOutputStream().write(BODY);
    }
}
