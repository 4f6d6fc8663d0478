package dev.portcullis.benchmarks.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Judges whether Liberty's heap after a full GC and its live threads grew. The baseline is the median of the
 * first three samples taken after the warm-up ({@link #warmUp(Duration)}), the end the median of the last three;
 * the trend is the least-squares slope over all samples after the warm-up. The heap grew if the end exceeds the
 * baseline by more than {@code heapToleranceMb} plus {@link SoakSettings#HEAP_TOLERANCE_SHARE} of the baseline;
 * the threads grew if the end exceeds the baseline by more than {@code threadTolerance} or 20 %, whichever is more.
 */
final class GrowthCheck {
    private record Point(double minutes, LibertyJvm.Sample sample) {}

    private final List<Point> points = new ArrayList<>();
    private final double warmUpMinutes;
    private final int heapToleranceMb;
    private final int threadTolerance;

    GrowthCheck(Duration runLength, int heapToleranceMb, int threadTolerance) {
        this.warmUpMinutes = warmUp(runLength).toSeconds() / 60.0;
        this.heapToleranceMb = heapToleranceMb;
        this.threadTolerance = threadTolerance;
    }

    /** Two minutes, or one for runs shorter than ten minutes. */
    static Duration warmUp(Duration runLength) {
        return runLength.compareTo(Duration.ofMinutes(10)) < 0 ? Duration.ofMinutes(1) : Duration.ofMinutes(2);
    }

    synchronized void add(double minutes, LibertyJvm.Sample sample) {
        points.add(new Point(minutes, sample));
    }

    synchronized boolean heapGrew() {
        List<Point> after = afterWarmUp();
        if (after.size() < 2) {
            return false;
        }
        double base = baseline(after, p -> p.sample().heapMb());
        return end(after, p -> p.sample().heapMb()) > base + heapToleranceMb + base * SoakSettings.HEAP_TOLERANCE_SHARE;
    }

    synchronized boolean threadsGrew() {
        List<Point> after = afterWarmUp();
        if (after.size() < 2) {
            return false;
        }
        double base = baseline(after, p -> p.sample().liveThreads());
        return end(after, p -> p.sample().liveThreads()) > base + Math.max(threadTolerance, base * 0.2);
    }

    /** Two lines: the heap and the threads, first, baseline, end, last, min-max, slope and verdict. */
    synchronized String report() {
        if (points.isEmpty()) {
            return "no JVM samples";
        }
        List<Point> after = afterWarmUp();
        ToDoubleFunction<Point> heap = p -> p.sample().heapMb();
        ToDoubleFunction<Point> threads = p -> p.sample().liveThreads();
        return String.format(
                Locale.ROOT,
                "heap after full GC (MB): first %.1f, baseline %.1f, end %.1f, last %.1f, min %.1f, max %.1f,"
                        + " trend %+.2f MB per 10 min over %d samples after the %.0f-min warm-up: %s%n"
                        + "Liberty live threads: first %d, baseline %.0f, end %.0f, last %d, min %.0f, max %.0f,"
                        + " trend %+.2f per 10 min: %s; full GCs in Liberty's JVM: %d",
                points.get(0).sample().heapMb(),
                baseline(after, heap),
                end(after, heap),
                points.get(points.size() - 1).sample().heapMb(),
                min(heap),
                max(heap),
                slope(after, heap) * 10,
                after.size(),
                warmUpMinutes,
                heapGrew() ? "GREW" : "no growth",
                points.get(0).sample().liveThreads(),
                baseline(after, threads),
                end(after, threads),
                points.get(points.size() - 1).sample().liveThreads(),
                min(threads),
                max(threads),
                slope(after, threads) * 10,
                threadsGrew() ? "GREW" : "no growth",
                points.get(points.size() - 1).sample().fullGcs());
    }

    private List<Point> afterWarmUp() {
        List<Point> after = new ArrayList<>();
        for (Point p : points) {
            if (p.minutes() >= warmUpMinutes - 1e-6) {
                after.add(p);
            }
        }
        return after.isEmpty() ? points : after;
    }

    private static double baseline(List<Point> ps, ToDoubleFunction<Point> f) {
        return median(ps.subList(0, Math.min(3, ps.size())), f);
    }

    private static double end(List<Point> ps, ToDoubleFunction<Point> f) {
        return median(ps.subList(Math.max(0, ps.size() - 3), ps.size()), f);
    }

    private static double median(List<Point> ps, ToDoubleFunction<Point> f) {
        double[] v = ps.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private double min(ToDoubleFunction<Point> f) {
        return points.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    private double max(ToDoubleFunction<Point> f) {
        return points.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    /** Least-squares slope per minute. */
    private static double slope(List<Point> ps, ToDoubleFunction<Point> f) {
        if (ps.size() < 2) {
            return 0;
        }
        double mx = ps.stream().mapToDouble(Point::minutes).average().orElse(0);
        double my = ps.stream().mapToDouble(f).average().orElse(0);
        double num = 0;
        double den = 0;
        for (Point p : ps) {
            num += (p.minutes() - mx) * (f.applyAsDouble(p) - my);
            den += (p.minutes() - mx) * (p.minutes() - mx);
        }
        return den == 0 ? 0 : num / den;
    }
}
