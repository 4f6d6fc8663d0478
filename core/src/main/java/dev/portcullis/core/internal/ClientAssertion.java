package dev.portcullis.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

/**
 * RFC 7523 client authentication ({@code private_key_jwt}): a JWT signed with the client's private key,
 * {@code iss} = {@code sub} = the client id, {@code aud} = the issuer, a fresh {@code jti}, valid for 60 s.
 * RSA keys sign RS256, EC keys ES256/384/512 by their curve. The key is read once; never logged.
 */
final class ClientAssertion {
    static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String clientId;
    private final String audience;
    private final PrivateKey key;
    private final String alg;
    private final String jcaName;
    private final Clock clock;

    /** @param pemOrLocation a PKCS#8 PEM private key, or a file path, {@code file:} URL or {@code classpath:} resource */
    ClientAssertion(String clientId, String audience, String pemOrLocation, Clock clock) {
        this.clientId = clientId;
        this.audience = audience;
        this.clock = clock;
        this.key = parse(pemOrLocation.strip().startsWith("-----BEGIN") ? pemOrLocation : read(pemOrLocation));
        if (key instanceof ECPrivateKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            this.alg = bits <= 256 ? "ES256" : bits <= 384 ? "ES384" : "ES512";
            this.jcaName = "SHA" + alg.substring(2) + "withECDSAinP1363Format";
        } else {
            this.alg = "RS256";
            this.jcaName = "SHA256withRSA";
        }
    }

    /** A new assertion. */
    String create() {
        long now = Math.floorDiv(clock.millis(), 1000L);
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":" + quote(clientId) + ",\"sub\":" + quote(clientId) + ",\"aud\":" + quote(audience)
                + ",\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}";
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance(jcaName);
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the client assertion with " + alg);
        }
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static PrivateKey parse(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        if (pem.contains("RSA PRIVATE KEY") || pem.contains("EC PRIVATE KEY") || !pem.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalArgumentException(
                    "introspection private key: expected a PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("introspection private key: the PEM body is not base64");
        }
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("introspection private key: neither an RSA nor an EC PKCS#8 key");
    }

    private static String read(String location) {
        try {
            if (location.regionMatches(true, 0, "classpath:", 0, 10)) {
                String resource = location.substring(10).replaceFirst("^/", "");
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
                if (in == null) {
                    in = ClientAssertion.class.getClassLoader().getResourceAsStream(resource);
                }
                if (in == null) {
                    throw new IOException("not found");
                }
                try (InputStream stream = in) {
                    return new String(stream.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                }
            }
            Path path =
                    location.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(location)) : Path.of(location);
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("introspection private key: " + location
                    + " cannot be read (expected PEM text, a file path, file: URL or classpath: resource)");
        }
    }
}
