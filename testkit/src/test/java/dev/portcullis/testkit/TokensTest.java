package dev.portcullis.testkit;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class TokensTest {

    @Test
    void compactBase64UrlEncodesTheRawPartsWithoutPadding() {
        String header = "{\"alg\":\"none\"}";
        String payload = "{\"sub\":\"alice\",\"sub\":\"mallory\",\"x\":\"\u00e9?>\"}";

        String token = Tokens.compact(header, payload, new byte[] {(byte) 0xfb, (byte) 0xff});

        assertThat(token.split("\\.", -1)).hasSize(3);
        assertThat(token).doesNotContain("=", "+", "/");
        assertThat(Jose.part(token, 0)).isEqualTo(header);
        assertThat(Jose.part(token, 1)).isEqualTo(payload);
        assertThat(token).endsWith(".-_8");
    }

    @Test
    void compactWithoutSignatureEndsWithADot() {
        assertThat(Tokens.compact("{}", "{}", null)).isEqualTo("e30.e30.");
        assertThat(Tokens.compact("{}", "{}", new byte[0])).isEqualTo("e30.e30.");
    }

    @Test
    void signingInputIsTheFirstTwoParts() {
        assertThat(Tokens.signingInput("{}", "{\"a\":1}")).isEqualTo("e30.eyJhIjoxfQ");
    }

    @Test
    void hs256SignsTheSigningInputWithTheGivenSecret() throws Exception {
        TestKey rsa = TestKey.rsa("key-1");
        byte[] secret = rsa.publicPem().getBytes(StandardCharsets.US_ASCII);
        String header = "{\"alg\":\"HS256\",\"kid\":\"key-1\"}";

        String token = Tokens.hs256(header, "{\"sub\":\"mallory\"}", secret);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] expected =
                mac.doFinal(Tokens.signingInput(header, "{\"sub\":\"mallory\"}").getBytes(StandardCharsets.US_ASCII));
        assertThat(token.substring(token.lastIndexOf('.') + 1))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected));
    }
}
