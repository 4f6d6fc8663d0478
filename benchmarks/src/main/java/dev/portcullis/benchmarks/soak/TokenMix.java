package dev.portcullis.benchmarks.soak;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The tokens the clients send: 80 % valid, 7 % expired, 7 % wrong audience, 6 % garbage. Valid tokens come from a
 * pool of {@link #VALID_POOL} distinct tokens (eight subjects), one of which {@link #mintOne()} replaces with a
 * freshly minted token each time it is called, round robin: the verified-token cache sees new tokens and repeated
 * ones. Every token is signed with the provider's active key at minting time, so after a rotation new tokens
 * carry the new key at once.
 */
final class TokenMix {
    static final int VALID_POOL = 16;
    private static final int SMALL_POOL = 4;

    private final LocalIdp idp;
    private final AtomicReferenceArray<Probe> valid = new AtomicReferenceArray<>(VALID_POOL);
    private final AtomicReferenceArray<Probe> expired = new AtomicReferenceArray<>(SMALL_POOL);
    private final AtomicReferenceArray<Probe> wrongAudience = new AtomicReferenceArray<>(SMALL_POOL);
    private final AtomicInteger nextSlot = new AtomicInteger();
    private final AtomicInteger minted = new AtomicInteger();

    TokenMix(LocalIdp idp) {
        this.idp = idp;
        for (int i = 0; i < VALID_POOL; i++) {
            mintOne();
        }
    }

    /** Replaces the next valid token (and, every fourth call, an expired and a wrong-audience one) with new ones. */
    void mintOne() {
        int n = minted.getAndIncrement();
        TestKey key = idp.activeKey();
        Instant now = Instant.now();
        String subject = "user-" + (n % 8);
        valid.set(
                Math.floorMod(nextSlot.getAndIncrement(), VALID_POOL),
                new Probe(
                        Probe.Kind.VALID,
                        idp.token()
                                .signedWith(key)
                                .subject(subject)
                                .expiresIn(Duration.ofMinutes(5))
                                .build(),
                        key.kid()));
        if (n % 4 == 0 || expired.get(SMALL_POOL - 1) == null) {
            int slot = (n / 4) % SMALL_POOL;
            expired.set(
                    slot,
                    new Probe(
                            Probe.Kind.EXPIRED,
                            idp.token()
                                    .signedWith(key)
                                    .subject(subject)
                                    .issuedAt(now.minus(Duration.ofMinutes(65)))
                                    .expiresAt(now.minus(Duration.ofMinutes(5)))
                                    .build(),
                            key.kid()));
            wrongAudience.set(
                    slot,
                    new Probe(
                            Probe.Kind.WRONG_AUDIENCE,
                            idp.token()
                                    .signedWith(key)
                                    .subject(subject)
                                    .audience("account")
                                    .build(),
                            key.kid()));
            for (int i = 0; i < SMALL_POOL; i++) {
                expired.compareAndSet(i, null, expired.get(slot));
                wrongAudience.compareAndSet(i, null, wrongAudience.get(slot));
            }
        }
    }

    int minted() {
        return minted.get();
    }

    Probe next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int dice = random.nextInt(100);
        if (dice < 80) {
            return valid.get(random.nextInt(VALID_POOL));
        } else if (dice < 87) {
            return expired.get(random.nextInt(SMALL_POOL));
        } else if (dice < 94) {
            return wrongAudience.get(random.nextInt(SMALL_POOL));
        }
        return garbage(random);
    }

    /**
     * Garbage: random parts, a dotted word, a valid token with its signature truncated or altered (header intact,
     * so its kid still routes it to a key: during a key's cooldown or the outage it is answered 503 like any token
     * of that key, since its signature cannot be checked yet), two parts only, or {@code alg: none}.
     */
    private Probe garbage(ThreadLocalRandom random) {
        Probe base = valid.get(random.nextInt(VALID_POOL));
        String t = base.token();
        return switch (random.nextInt(6)) {
            case 0 -> garbage(randomPart(random, 20) + "." + randomPart(random, 200) + "." + randomPart(random, 256));
            case 1 -> garbage("not.a.token");
            case 2 -> new Probe(Probe.Kind.GARBAGE, t.substring(0, t.length() - 1 - random.nextInt(40)), base.kid());
            case 3 -> new Probe(Probe.Kind.GARBAGE, tamperedSignature(t, random), base.kid());
            case 4 -> garbage(t.substring(0, t.lastIndexOf('.')));
            default ->
                garbage(Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.US_ASCII))
                        + "."
                        + t.substring(t.indexOf('.') + 1, t.lastIndexOf('.')) + ".");
        };
    }

    private static Probe garbage(String token) {
        return new Probe(Probe.Kind.GARBAGE, token, null);
    }

    private static String tamperedSignature(String token, ThreadLocalRandom random) {
        char[] chars = token.toCharArray();
        int at = token.lastIndexOf('.') + 1 + random.nextInt(100);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    private static String randomPart(ThreadLocalRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
