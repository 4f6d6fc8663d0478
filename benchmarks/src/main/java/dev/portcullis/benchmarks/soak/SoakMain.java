package dev.portcullis.benchmarks.soak;

import dev.portcullis.testkit.LocalIdp;
import dev.portcullis.testkit.TestKey;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The soak of issue 21: the orders-api sample in Open Liberty, driven for a long time by a few client threads
 * with a steady mix of tokens (see {@link TokenMix}), while the local identity provider rotates its key
 * periodically and goes down once in the middle. Prints a line every minute and a report at the end; exits 1 if
 * a valid token was refused, an invalid one accepted, an answer was unexpected, or Liberty's heap after a full
 * GC or its live threads grew beyond the tolerance (see {@link GrowthCheck}). Liberty and the provider are
 * stopped at the end and on Ctrl-C. Run it with {@code benchmarks/soak/run.sh [minutes] [options]}.
 */
public final class SoakMain {
    private final SoakSettings settings;
    private final PrintStream out = System.out;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean clientsStop = new AtomicBoolean();
    private final Timeline timeline = new Timeline();
    private final Tally tally = new Tally(timeline);
    private final GrowthCheck growth;
    private long startNanos;

    private SoakMain(SoakSettings settings) {
        this.settings = settings;
        this.growth = new GrowthCheck(settings.duration(), settings.heapToleranceMb(), settings.threadTolerance());
    }

    public static void main(String[] args) throws Exception {
        SoakMain soak = new SoakMain(SoakSettings.parse(args));
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean hooked = new AtomicBoolean();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            hooked.set(true);
                            soak.stopRequested.set(true);
                            try {
                                done.await(120, TimeUnit.SECONDS); // main reports and stops Liberty and the provider
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "soak-shutdown"));
        int code;
        try {
            code = soak.run();
        } finally {
            done.countDown();
        }
        if (!hooked.get()) {
            System.exit(code);
        }
    }

    private int run() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (LocalIdp idp = LocalIdp.builder().issuerPath("/realms/soak").start()) {
            LibertyProcess liberty = new LibertyProcess(
                    settings.wlp(),
                    settings.userDir(),
                    settings.serverName(),
                    Map.of(
                            "PORTCULLIS_HTTP_PORT",
                            Integer.toString(port),
                            "MP_JWT_VERIFY_ISSUER",
                            idp.issuer(),
                            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                            idp.jwksUri().toString()));
            try {
                return soak(idp, liberty, port);
            } finally {
                out.println("Stopping Open Liberty and the identity provider ...");
                liberty.stop();
            }
        }
    }

    private int soak(LocalIdp idp, LibertyProcess liberty, int port) throws Exception {
        String base = "http://127.0.0.1:" + port + "/orders-api";
        out.printf(
                Locale.ROOT,
                "Soak: %d min, %d requests/s from %d clients, rotation every %ss (and again %ss"
                        + " later), outage %ss at +%ss; identity provider %s; Open Liberty on %s (log: %s)%n",
                settings.duration().toMinutes(),
                settings.requestsPerSecond(),
                settings.clients(),
                settings.rotateEvery().toSeconds(),
                settings.followUp().toSeconds(),
                settings.outage().toSeconds(),
                settings.outageStart().toSeconds(),
                idp.issuer(),
                base,
                liberty.consoleLog());
        liberty.start();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        if (!StartupChecks.waitUntilUp(http, URI.create(base + "/health"), Duration.ofSeconds(240))) {
            out.println("Open Liberty did not come up; see " + liberty.consoleLog());
            return 2;
        }
        LibertyJvm jvm = StartupChecks.attach(liberty);
        try (jvm) {
            out.println("Attached to Liberty's JVM over JMX; full collector: " + jvm.fullCollectorName());
            timeline.keyActivated(
                    idp.activeKey().kid(),
                    System.nanoTime() - Duration.ofHours(1).toNanos());
            TokenMix mix = new TokenMix(idp);
            if (!StartupChecks.preflight(http, URI.create(base + "/api/orders"), mix, out)) {
                return 2;
            }
            idp.resetCounters();
            startNanos = System.nanoTime();
            sample(jvm);
            drive(http, URI.create(base + "/api/orders"), idp, mix, jvm);
            sample(jvm);
            return report(idp, mix);
        }
    }

    private void drive(HttpClient http, URI target, LocalIdp idp, TokenMix mix, LibertyJvm jvm) throws Exception {
        long deadline = startNanos + settings.duration().toNanos();
        long outageStart = startNanos + settings.outageStart().toNanos();
        long outageEnd = outageStart + settings.outage().toNanos();
        boolean outageDone = settings.outage().isZero();
        long nextRotation = startNanos + settings.rotateEvery().toNanos();
        long nextMint = startNanos;
        long nextMinute = startNanos + TimeUnit.MINUTES.toNanos(1);
        long followUp = Long.MAX_VALUE;
        List<Thread> clients = new ArrayList<>();
        ScheduledExecutorService retries = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "soak-retry");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < settings.clients(); i++) {
            SoakClient client = new SoakClient(
                    http,
                    target,
                    mix,
                    tally,
                    settings.requestsPerSecond() / (double) settings.clients(),
                    deadline,
                    () -> stopRequested.get() || clientsStop.get(),
                    retries);
            Thread t = new Thread(client, "soak-client-" + i);
            t.start();
            clients.add(t);
        }
        try {
            while (!stopRequested.get() && System.nanoTime() - deadline < 0) {
                long now = System.nanoTime();
                if (!outageDone && !timeline.idpDown() && now - outageStart >= 0) {
                    idp.failWith(LocalIdp.Failure.DOWN);
                    timeline.outageStarted(now);
                    event("identity provider DOWN");
                } else if (timeline.idpDown() && now - outageEnd >= 0) {
                    idp.recover();
                    timeline.outageEnded(now);
                    outageDone = true;
                    event("identity provider recovered");
                }
                if (now - nextRotation >= 0) {
                    nextRotation += settings.rotateEvery().toNanos();
                    if (timeline.idpDown()) {
                        event("rotation skipped: the identity provider is down");
                    } else {
                        rotate(idp, mix, "");
                        followUp = settings.followUp().isZero()
                                ? Long.MAX_VALUE
                                : now + settings.followUp().toNanos();
                    }
                } else if (now - followUp >= 0) {
                    followUp = Long.MAX_VALUE;
                    rotate(idp, mix, ", a follow-up within the minimum refetch interval: expect 503 + Retry-After");
                }
                if (now - nextMint >= 0) {
                    mix.mintOne(); // two fresh valid tokens a second
                    nextMint += TimeUnit.MILLISECONDS.toNanos(500);
                }
                if (now - nextMinute >= 0) {
                    nextMinute += TimeUnit.MINUTES.toNanos(1);
                    LibertyJvm.Sample s = sample(jvm);
                    out.printf(
                            Locale.ROOT,
                            "[%s] %s jwks_fetches=%d heap_after_full_gc=%.1fMB threads=%d" + " minted=%d idp=%s%n",
                            clock(now),
                            tally.summary(),
                            idp.jwksRequests(),
                            s.heapMb(),
                            s.liveThreads(),
                            mix.minted(),
                            timeline.idpDown() ? "DOWN" : "UP");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } finally {
            if (timeline.idpDown()) {
                idp.recover();
                timeline.outageEnded(System.nanoTime());
            }
            clientsStop.set(true);
            for (Thread t : clients) {
                t.join(TimeUnit.SECONDS.toMillis(45));
            }
            retries.shutdownNow();
            retries.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private void rotate(LocalIdp idp, TokenMix mix, String note) {
        TestKey key = idp.rotate();
        timeline.keyActivated(key.kid(), System.nanoTime());
        for (int i = 0; i < 4; i++) {
            mix.mintOne();
        }
        event("rotated to " + key.kid() + " (tokens minted with it from now on" + note + ")");
    }

    private LibertyJvm.Sample sample(LibertyJvm jvm) throws Exception {
        LibertyJvm.Sample s = jvm.sample();
        growth.add((System.nanoTime() - startNanos) / 6e10, s);
        return s;
    }

    private int report(LocalIdp idp, TokenMix mix) {
        boolean interrupted = stopRequested.get();
        out.println();
        out.printf(
                Locale.ROOT,
                "Soak report (%s, %s after %s):%n",
                Instant.now(),
                interrupted ? "INTERRUPTED" : "completed",
                clock(System.nanoTime()));
        out.println("  " + tally.summary());
        out.println("  jwks_fetches=" + idp.jwksRequests() + " discovery_requests=" + idp.discoveryRequests()
                + " keys_published=" + idp.publishedKeys().size() + " valid_tokens_minted=" + mix.minted());
        for (String line : growth.report().split("\n")) {
            out.println("  " + line.strip());
        }
        tally.examples().forEach(e -> out.println("  example " + e));
        List<String> failures = new ArrayList<>();
        if (tally.falseRefusals() > 0) {
            failures.add(tally.falseRefusals() + " false refusals");
        }
        if (tally.falseAcceptances() > 0) {
            failures.add(tally.falseAcceptances() + " false acceptances");
        }
        if (tally.unexpected() > 0) {
            failures.add(tally.unexpected() + " unexpected answers");
        }
        if (growth.heapGrew()) {
            failures.add("heap after full GC grew beyond " + settings.heapToleranceMb() + " MB + "
                    + Math.round(SoakSettings.HEAP_TOLERANCE_SHARE * 100) + " %");
        }
        if (growth.threadsGrew()) {
            failures.add("Liberty's live threads grew beyond " + settings.threadTolerance() + " or 20 %");
        }
        String verdict = failures.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", failures);
        out.println("RESULT: " + (interrupted ? "INTERRUPTED (so far: " + verdict + ")" : verdict));
        out.flush();
        if (interrupted) {
            return 130;
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private void event(String what) {
        out.println("[" + clock(System.nanoTime()) + "] " + what);
    }

    private String clock(long nanos) {
        long s = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(nanos - startNanos));
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
