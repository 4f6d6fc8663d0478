package dev.portcullis.benchmarks.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The soak's settings, from the command line: {@code --minutes 30 --rotate-every 5m --follow-up 3s --outage 2m --rate 150
 * --clients 4 --wlp <dir> --user-dir <dir> --server soak --heap-tolerance-mb 16 --thread-tolerance 10}.
 *
 * @param duration        how long the load runs
 * @param rotateEvery     the identity provider's key rotation period
 * @param followUp        a second rotation this long after each rotation, inside the validator's minimum refetch
 *                        interval (10 s) after the fetch the first one caused, so that tokens of the second new key
 *                        meet issue 27's rule (503 + Retry-After); zero: none
 * @param outage          how long the identity provider is down, once, in the middle of the run
 * @param requestsPerSecond the total request rate of all clients
 * @param clients         the number of client threads
 * @param wlp             Open Liberty's {@code wlp} directory
 * @param userDir         the Liberty user directory ({@code WLP_USER_DIR}) holding the soak server
 * @param serverName      the Liberty server's name
 * @param heapToleranceMb how much the heap after a full GC may grow (plus {@link #HEAP_TOLERANCE_SHARE})
 * @param threadTolerance how many live threads Liberty may add (or 20 %, whichever is more)
 */
record SoakSettings(
        Duration duration,
        Duration rotateEvery,
        Duration followUp,
        Duration outage,
        int requestsPerSecond,
        int clients,
        Path wlp,
        Path userDir,
        String serverName,
        int heapToleranceMb,
        int threadTolerance) {

    /** The share of the baseline heap the heap after a full GC may grow by, on top of {@code heapToleranceMb}. */
    static final double HEAP_TOLERANCE_SHARE = 0.15;

    SoakSettings {
        if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException("--minutes must be 1 to 720, was " + duration.toMinutes());
        }
        if (rotateEvery.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException("--rotate-every must be at least 30s, was " + rotateEvery);
        }
        if (followUp.isNegative() || followUp.compareTo(rotateEvery.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("--follow-up must be 0 to half the rotation period, was " + followUp);
        }
        if (outage.isNegative() || outage.compareTo(duration.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("--outage must be 0 to half the run, was " + outage);
        }
        if (requestsPerSecond < 1 || requestsPerSecond > 1000) {
            throw new IllegalArgumentException("--rate must be 1 to 1000 requests/s, was " + requestsPerSecond);
        }
        if (clients < 1 || clients > 16) {
            throw new IllegalArgumentException("--clients must be 1 to 16, was " + clients);
        }
    }

    static SoakSettings parse(String[] args) {
        Duration duration = Duration.ofMinutes(30);
        Duration rotateEvery = Duration.ofMinutes(5);
        Duration outage = Duration.ofMinutes(2);
        Duration followUp = Duration.ofSeconds(3);
        int rate = 150;
        int clients = 4;
        Path wlp = Path.of("benchmarks/http/target/liberty/wlp");
        Path userDir = Path.of("benchmarks/soak/target/wlp-usr");
        String server = "soak";
        int heapMb = 16;
        int threads = 10;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--minutes" -> duration = Duration.ofMinutes(Integer.parseInt(value));
                case "--rotate-every" -> rotateEvery = duration(value);
                case "--outage" -> outage = duration(value);
                case "--follow-up" -> followUp = duration(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--clients" -> clients = Integer.parseInt(value);
                case "--wlp" -> wlp = Path.of(value);
                case "--user-dir" -> userDir = Path.of(value);
                case "--server" -> server = value;
                case "--heap-tolerance-mb" -> heapMb = Integer.parseInt(value);
                case "--thread-tolerance" -> threads = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new SoakSettings(
                duration, rotateEvery, followUp, outage, rate, clients, wlp, userDir, server, heapMb, threads);
    }

    /** {@code 90s}, {@code 5m}, {@code 1h}. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.length() < 2) {
            throw new IllegalArgumentException("a duration is a number and s, m or h: " + text);
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("a duration is a number and s, m or h: " + text);
        };
    }

    /**
     * When the outage starts, measured from the start of the load: centred in the rotation gap that holds the
     * run's middle, so that no rotation falls inside it (30 minutes, rotations every 5: 16:30 to 18:30).
     */
    Duration outageStart() {
        long period = rotateEvery.toMillis();
        long middle = duration.toMillis() / 2;
        long gapCentre = (middle / period) * period + period / 2;
        long start = gapCentre - outage.toMillis() / 2;
        long latest = duration.toMillis() - outage.toMillis() - 30_000;
        return Duration.ofMillis(Math.max(0, Math.min(start, latest)));
    }
}
