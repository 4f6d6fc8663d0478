package dev.portcullis.keycloak;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.portcullis.keycloak.ShopRealm.ORDERS_CLIENT;
import static dev.portcullis.keycloak.ShopRealm.READ_ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of {@code orders-api} that keeps asking Keycloak for fresh tokens (client credentials,
 * {@code read:orders}), as a fleet of clients would, and hands them out to senders: half the time the
 * freshest (signed by Keycloak's current key as soon as it uses it), else any issued so far.
 * Thread-safe.
 */
final class Minter implements AutoCloseable {
    private final ShopRealm realm;
    private final Duration pause;
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final AtomicLong minted = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "token-minter");
        t.setDaemon(true);
        return t;
    });
    private final Future<?> running;

    private Minter(ShopRealm realm, Duration pause) {
        this.realm = realm;
        this.pause = pause;
        tokens.add(realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS));
        minted.incrementAndGet();
        running = thread.submit(this::mint);
    }

    /** Starts minting: one token now, then one every {@code pause}. */
    static Minter start(ShopRealm realm, Duration pause) {
        return new Minter(realm, pause);
    }

    private Void mint() throws InterruptedException {
        while (!stop.get()) {
            tokens.add(realm.clientCredentialsToken(ORDERS_CLIENT, READ_ORDERS));
            minted.incrementAndGet();
            Thread.sleep(pause.toMillis());
        }
        return null;
    }

    /** A token to send: the freshest half the time, else any. */
    String pick() {
        int size = tokens.size();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return tokens.get(random.nextBoolean() ? size - 1 : random.nextInt(size));
    }

    /** The freshest token. */
    String latest() {
        return tokens.get(tokens.size() - 1);
    }

    long minted() {
        return minted.get();
    }

    /** Waits until {@code count} tokens minted from now on are signed by a key other than {@code kid}. */
    void awaitTokensNotSignedBy(String kid, int count, Duration timeout) throws InterruptedException {
        int from = tokens.size();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tokens.subList(from, tokens.size()).stream()
                        .filter(t -> !kid.equals(Jwts.kid(t)))
                        .count()
                < count) {
            assertThat(System.nanoTime())
                    .as("%d tokens not signed by %s within %s", count, kid, timeout)
                    .isLessThan(deadline);
            assertThat(running).as("minter alive").isNotDone();
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        stop.set(true);
        try {
            running.get(30, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }
}
