package dev.portcullis.benchmarks;

import dev.portcullis.testkit.TestKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes what the HTTP benchmark ({@code benchmarks/http/run.sh}) feeds to the server and to wrk: the
 * public key as a JWK Set ({@code jwks.json}, the server's {@code mp.jwt.verify.publickey.location})
 * and a pool of distinct Keycloak-like RS256 tokens, one per line ({@code tokens.txt}), the same kind
 * as the JMH benchmark's, valid for an hour.
 *
 * <p>{@code java -cp benchmarks.jar dev.portcullis.benchmarks.HttpTokens DIR [COUNT]}
 */
public final class HttpTokens {
    private HttpTokens() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: HttpTokens DIR [COUNT (default 1000)]");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = args.length == 2 ? Integer.parseInt(args[1]) : 1000;
        TestKey key = TestKey.rsaUnique("http-bench-rsa");
        TokenPool pool = new TokenPool(key, count);
        Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[" + key.publicJwk() + "]}", StandardCharsets.US_ASCII);
        Files.write(dir.resolve("tokens.txt"), java.util.List.of(pool.tokens), StandardCharsets.US_ASCII);
        System.out.println(count + " tokens of " + pool.tokens[0].length() + " characters (the first) in "
                + dir.resolve("tokens.txt") + "; issuer " + TokenPool.ISSUER + ", audience " + TokenPool.AUDIENCE
                + ", scope " + TokenPool.SCOPE);
    }
}
