package dev.portcullis.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints how a benchmark scales from 1 to 2 threads, from JMH JSON results ({@code -rf json}) of runs
 * with {@code -t 1} and {@code -t 2} (JMH runs one thread count per invocation): for each benchmark
 * and algorithm, the k-th 1-thread result is paired with the k-th 2-thread result, in the order the
 * files are given. Each row: throughput with 1 and 2 threads and their ratio, and the CPU time per call
 * with 1 and 2 threads ({@link ThreadCursor}; equal when nothing the threads share slows them down).
 * With several pairs, the median ratio follows.
 *
 * <pre>java -cp benchmarks.jar dev.portcullis.benchmarks.ScalingTable run-1-t1.json run-1-t2.json ...</pre>
 *
 * <p>{@code benchmarks/scaling.sh} runs the pairs and calls it.
 */
public final class ScalingTable {
    private ScalingTable() {}

    /** One benchmark's result at one thread count. */
    private record Run(double opsPerSecond, double cpuNanosPerCall) {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Map<String, List<Run>> one = new LinkedHashMap<>();
        Map<String, List<Run>> two = new LinkedHashMap<>();
        for (String file : args) {
            for (Object o : ReportTable.results(file)) {
                Map<String, Object> r = (Map<String, Object>) o;
                int threads = ((Number) r.get("threads")).intValue();
                Map<String, List<Run>> byThreads = threads == 1 ? one : threads == 2 ? two : null;
                if (byThreads != null) {
                    byThreads.computeIfAbsent(key(r), k -> new ArrayList<>()).add(run(r));
                }
            }
        }
        System.out.println("| benchmark | pair | ops/s, 1 thread | ops/s, 2 threads | 2t/1t | CPU ns/call, 1t | 2t |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        one.forEach((benchmark, singles) -> {
            List<Run> doubles = two.getOrDefault(benchmark, List.of());
            int pairs = Math.min(singles.size(), doubles.size());
            double[] ratios = new double[pairs];
            for (int k = 0; k < pairs; k++) {
                Run a = singles.get(k);
                Run b = doubles.get(k);
                ratios[k] = b.opsPerSecond / a.opsPerSecond;
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %d | %.0f | %.0f | **%.2f** | %.1f | %.1f |%n",
                        benchmark,
                        k + 1,
                        a.opsPerSecond,
                        b.opsPerSecond,
                        ratios[k],
                        a.cpuNanosPerCall,
                        b.cpuNanosPerCall);
            }
            if (pairs > 1) {
                Arrays.sort(ratios);
                double median = pairs % 2 == 1 ? ratios[pairs / 2] : (ratios[pairs / 2 - 1] + ratios[pairs / 2]) / 2;
                System.out.printf(Locale.ROOT, "| %s | median | | | **%.2f** | | |%n", benchmark, median);
            }
        });
    }

    private static String key(Map<String, Object> r) {
        String alg = ReportTable.alg(r);
        return alg.isEmpty() || alg.equals("null") ? ReportTable.name(r) : ReportTable.name(r) + " " + alg;
    }

    @SuppressWarnings("unchecked")
    private static Run run(Map<String, Object> r) {
        double ops = ReportTable.score(r);
        Map<String, Object> secondary = (Map<String, Object>) r.get("secondaryMetrics");
        double cpu = metric(secondary, "cpuNanos") / metric(secondary, "cpuCalls");
        return new Run(ops, cpu);
    }

    @SuppressWarnings("unchecked")
    private static double metric(Map<String, Object> secondary, String name) {
        Object m = secondary == null ? null : secondary.get(name);
        return m == null ? Double.NaN : ((Number) ((Map<String, Object>) m).get("score")).doubleValue();
    }
}
