package dev.portcullis.keycloak;

import dev.portcullis.core.TokenValidator;
import dev.portcullis.core.ValidationResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static dev.portcullis.keycloak.Results.valid;
import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak rotates its signing key (a new key signs, then the old key is removed) while threads
 * validate tokens freshly fetched from it, old-key and new-key tokens mixed. Every token Keycloak
 * issued must be accepted: the new key is fetched once, shared by all threads that need it, and
 * the removal of the old key takes effect only at the next refresh (10 min), after this test.
 */
@WithKeycloak
class KeycloakRotationUnderLoadIT {
    private static final int VALIDATING_THREADS = 3;
    private static final int VALIDATIONS_PER_PHASE = 3_000;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void whenKeycloakRotatesUnderLoadThenNoIssuedTokenIsRefusedAndTheNewKeyIsFetchedOnce(KeycloakAdmin admin)
            throws Exception {
        ShopRealm realm = admin.createShopRealm("shop-load");
        ShiftableClock clock = new ShiftableClock();
        RecordingListener listener = new RecordingListener();
        String oldKid = admin.activeKeyId(realm.name(), "RS256");

        List<String> tokens = new CopyOnWriteArrayList<>();
        Semaphore validations = new Semaphore(0);
        Semaphore newKidTokens = new Semaphore(0);
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder sent = new LongAdder();
        LongAdder accepted = new LongAdder();
        LongAdder rejected = new LongAdder();
        Map<String, LongAdder> acceptedByKid = new ConcurrentHashMap<>();
        Queue<String> rejections = new ConcurrentLinkedQueue<>();
        AtomicLong minted = new AtomicLong();

        ExecutorService threads = Executors.newFixedThreadPool(VALIDATING_THREADS + 1);
        try (TokenValidator validator = TokenValidator.builder(
                        realm.validatorConfig().build())
                .clock(clock)
                .listener(listener)
                .build()) {
            tokens.add(realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS));
            valid(validator.validate(tokens.get(0)));
            assertThat(listener.fetches()).isEqualTo(1);

            Future<?> minter = threads.submit(() -> {
                while (!stop.get()) {
                    String token = realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS);
                    tokens.add(token);
                    minted.incrementAndGet();
                    if (!oldKid.equals(Jwts.kid(token))) {
                        newKidTokens.release();
                    }
                }
                return null;
            });
            List<Future<?>> validators = new CopyOnWriteArrayList<>();
            for (int i = 0; i < VALIDATING_THREADS; i++) {
                validators.add(threads.submit(() -> {
                    while (!stop.get()) {
                        // half the time the freshest token (the new key as soon as Keycloak uses it), else any
                        int size = tokens.size();
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        String token = tokens.get(random.nextBoolean() ? size - 1 : random.nextInt(size));
                        ValidationResult result = validator.validate(token);
                        sent.increment();
                        if (result.isValid()) {
                            accepted.increment();
                            acceptedByKid
                                    .computeIfAbsent(Jwts.kid(token), k -> new LongAdder())
                                    .increment();
                        } else {
                            rejected.increment();
                            if (rejections.size() < 10) {
                                rejections.add("kid " + Jwts.kid(token) + ": " + result);
                            }
                        }
                        validations.release();
                    }
                    return null;
                }));
            }

            awaitPermits(validations, VALIDATIONS_PER_PHASE, "validations before the rotation");
            clock.shift(Duration.ofSeconds(11)); // past the minimum refetch interval since the first fetch
            String provider = admin.providerOf(realm.name(), oldKid);
            admin.addRsaSigningKey(realm.name(), "rsa-rotated", 200);
            awaitPermits(newKidTokens, 10, "tokens signed with the new key");
            awaitPermits(validations, VALIDATIONS_PER_PHASE, "validations after the new key");
            admin.removeKeyProvider(realm.name(), provider);
            long mintedAtRemoval = minted.get();
            awaitPermits(newKidTokens, 10, "tokens minted after the removal");
            awaitPermits(validations, VALIDATIONS_PER_PHASE, "validations after the removal");
            assertThat(minted.get()).isGreaterThan(mintedAtRemoval);

            stop.set(true);
            minter.get(30, TimeUnit.SECONDS);
            for (Future<?> v : validators) {
                v.get(30, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            threads.shutdownNow();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }

        String newKid = admin.activeKeyId(realm.name(), "RS256");
        Map<String, Long> byKid = new TreeMap<>();
        acceptedByKid.forEach(
                (kid, n) -> byKid.put(kid.equals(oldKid) ? "old key" : kid.equals(newKid) ? "new key" : kid, n.sum()));
        System.out.printf(
                "Rotation under load (%d validating threads): %d tokens minted, %d validations sent,"
                        + " %d accepted (%s), %d false rejections, %d key fetches%n",
                VALIDATING_THREADS,
                minted.get() + 1,
                sent.sum(),
                accepted.sum(),
                byKid,
                rejected.sum(),
                listener.fetches());

        assertThat(rejections).as("false rejections").isEmpty();
        assertThat(rejected.sum()).isZero();
        assertThat(accepted.sum()).isEqualTo(sent.sum()).isGreaterThanOrEqualTo(3L * VALIDATIONS_PER_PHASE);
        assertThat(byKid.keySet()).containsExactly("new key", "old key");
        assertThat(listener.fetches())
                .as("the first fetch and one for the new key")
                .isEqualTo(2);
    }

    /** Waits for {@code permits} more events from now on (those counted before are dropped). */
    private static void awaitPermits(Semaphore semaphore, int permits, String what) throws InterruptedException {
        semaphore.drainPermits();
        assertThat(semaphore.tryAcquire(permits, PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("%d %s within %s", permits, what, PHASE_TIMEOUT)
                .isTrue();
    }
}
