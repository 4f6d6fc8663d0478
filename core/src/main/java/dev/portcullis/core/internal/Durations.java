package dev.portcullis.core.internal;

import java.time.Duration;

/** Short renderings of durations for log messages: {@code 850 ms}, {@code 42 s}, {@code 12 min}, {@code 3 h 5 min}. */
final class Durations {
    private Durations() {}

    static String describe(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + " ms";
        }
        if (d.compareTo(Duration.ofMinutes(2)) < 0) {
            return d.toSeconds() + " s";
        }
        if (d.compareTo(Duration.ofHours(2)) < 0) {
            return d.toMinutes() + " min";
        }
        long minutes = d.toMinutesPart();
        return d.toHours() + " h" + (minutes == 0 ? "" : " " + minutes + " min");
    }
}
