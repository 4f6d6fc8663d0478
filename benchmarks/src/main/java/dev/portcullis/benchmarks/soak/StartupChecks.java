package dev.portcullis.benchmarks.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Before the soak's clock starts: Liberty answers, its JVM is attached, and each kind of token is answered right. */
final class StartupChecks {
    private StartupChecks() {}

    /** One token of each kind, each answered as it must be, before the clock starts. */
    static boolean preflight(HttpClient http, URI target, TokenMix mix, PrintStream out) throws Exception {
        for (Probe.Kind kind : Probe.Kind.values()) {
            Probe p;
            do {
                p = mix.next();
            } while (p.kind() != kind);
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(target)
                            .header("Authorization", "Bearer " + p.token())
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (!kind.expects(r.statusCode())) {
                out.println("Preflight: a " + kind + " token was answered " + r.statusCode() + "; stopping");
                return false;
            }
        }
        out.println("Preflight passed: valid 200, expired 401, wrong audience 401, garbage 400/401");
        return true;
    }

    static LibertyJvm attach(LibertyProcess liberty) throws Exception {
        Exception last = null;
        for (int i = 0; i < 20; i++) {
            var pid = liberty.jvmPid();
            if (pid.isPresent()) {
                try {
                    return LibertyJvm.attach(pid.get());
                } catch (Exception e) {
                    last = e;
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("cannot attach to Liberty's JVM", last);
    }

    static boolean waitUntilUp(HttpClient http, URI url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not up yet
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return false;
    }
}
