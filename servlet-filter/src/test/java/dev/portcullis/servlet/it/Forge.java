package dev.portcullis.servlet.it;

import dev.portcullis.testkit.TestKey;
import dev.portcullis.testkit.Tokens;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.lang.JoseException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

/** Hand-made hostile tokens: raw header and payload text, chosen signature bytes, re-encodings. */
final class Forge {
    static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    /** The order of the P-256 group. */
    static final BigInteger P256_N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private Forge() {}

    static String b64(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code header.payload.signature} from raw texts and signature bytes (null: empty third part). */
    static String compact(String headerJson, String payloadJson, byte[] signature) {
        return Tokens.compact(headerJson, payloadJson, signature);
    }

    /** Signs raw header and payload text with a JCA algorithm, e.g. SHA256withRSA, Ed25519. */
    static String signed(String headerJson, String payloadJson, PrivateKey key, String jcaAlgorithm) {
        String input = Tokens.signingInput(headerJson, payloadJson);
        return input + "." + b64(sign(input, key, jcaAlgorithm));
    }

    static String rs256(TestKey key, String headerJson, String payloadJson) {
        return signed(headerJson, payloadJson, key.privateKey(), "SHA256withRSA");
    }

    static String es256(TestKey key, String headerJson, String payloadJson) {
        return signed(headerJson, payloadJson, key.privateKey(), "SHA256withECDSAinP1363Format");
    }

    static byte[] sign(String signingInput, PrivateKey key, String jcaAlgorithm) {
        try {
            Signature s = Signature.getInstance(jcaAlgorithm);
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC (HmacSHA256/384/512) over the signing input with {@code secret}, whatever the header says. */
    static String hmac(String jcaMac, String headerJson, String payloadJson, byte[] secret) {
        try {
            Mac mac = Mac.getInstance(jcaMac);
            mac.init(new SecretKeySpec(secret, jcaMac));
            String input = Tokens.signingInput(headerJson, payloadJson);
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token with its third part replaced by {@code signature}. */
    static String withSignature(String token, byte[] signature) {
        return token.substring(0, token.lastIndexOf('.') + 1) + b64(signature);
    }

    static byte[] signatureOf(String token) {
        return B64URL_DECODER.decode(token.substring(token.lastIndexOf('.') + 1));
    }

    /** A real JWE (five parts), encrypted to {@code recipient} with RSA-OAEP-256 and A256GCM. */
    static String jwe(PublicKey recipient, String kid, String payloadJson) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setPayload(payloadJson);
            jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.RSA_OAEP_256);
            jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
            jwe.setKeyIdHeaderValue(kid);
            jwe.setKey(recipient);
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh Ed25519 key pair. */
    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK of an Ed25519 key (the raw 32 bytes are the tail of its X.509 encoding). */
    static String ed25519Jwk(PublicKey key, String kid) {
        byte[] spki = key.getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"EdDSA\",\"x\":\""
                + b64(raw) + "\"}";
    }

    /** An RSA public JWK with a chosen exponent. */
    static String rsaJwk(RSAPublicKey key, String kid, BigInteger exponent) {
        return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"n\":\"" + b64(unsigned(key.getModulus()))
                + "\",\"e\":\"" + b64(unsigned(exponent)) + "\"}";
    }

    /** The big-endian magnitude without a sign byte. */
    static byte[] unsigned(BigInteger value) {
        byte[] b = value.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** {@code value} as exactly {@code length} big-endian bytes (it must fit). */
    static byte[] fixed(BigInteger value, int length) {
        byte[] magnitude = unsigned(value);
        if (magnitude.length > length) {
            throw new IllegalArgumentException("does not fit in " + length + " bytes");
        }
        byte[] out = new byte[length];
        System.arraycopy(magnitude, 0, out, length - magnitude.length, magnitude.length);
        return out;
    }

    /** The ASN.1 DER encoding of an ECDSA signature given as JOSE R||S. */
    static byte[] der(byte[] joseSignature) {
        int half = joseSignature.length / 2;
        byte[] r = new BigInteger(1, Arrays.copyOfRange(joseSignature, 0, half)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(joseSignature, half, joseSignature.length)).toByteArray();
        byte[] out = new byte[6 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (4 + r.length + s.length);
        out[2] = 0x02;
        out[3] = (byte) r.length;
        System.arraycopy(r, 0, out, 4, r.length);
        out[4 + r.length] = 0x02;
        out[5 + r.length] = (byte) s.length;
        System.arraycopy(s, 0, out, 6 + r.length, s.length);
        return out;
    }

    /** Pseudo-random base64url text of {@code length} chars (deterministic per seed). */
    static String noise(long seed, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        Random random = new Random(seed);
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(out);
    }

    /**
     * {@code length} chars made of one pseudo-random {@code period}-char block repeated: big enough
     * to stress the server, with few distinct 16-char slices for the leak checks to remember.
     */
    static String periodic(long seed, int period, int length, String separators) {
        String block = noise(seed, period);
        if (!separators.isEmpty()) {
            char[] b = block.toCharArray();
            Random random = new Random(seed + 1);
            for (int i = 0; i < b.length; i += 1 + random.nextInt(3)) {
                b[i] = separators.charAt(random.nextInt(separators.length()));
            }
            block = new String(b);
        }
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            out.append(block, 0, Math.min(block.length(), length - out.length()));
        }
        return out.toString();
    }
}
