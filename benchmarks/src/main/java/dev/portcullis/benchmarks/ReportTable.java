package dev.portcullis.benchmarks;

import org.jose4j.json.internal.json_simple.JSONArray;
import org.jose4j.json.internal.json_simple.parser.JSONParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a Markdown table of a JMH JSON result ({@code -rf json}): throughput, the ratio to the
 * raw-verify floor of the same algorithm, and bytes allocated per operation ({@code -prof gc}).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.portcullis.benchmarks.ReportTable result.json</pre>
 *
 * <p>With several files (short runs), it prints each benchmark's ratio to the floor run by run instead,
 * and the median.
 */
public final class ReportTable {
    private ReportTable() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        if (args.length > 1) {
            paired(args);
            return;
        }
        List<Object> results = results(args[0]);
        Map<String, Double> floors = floors(results);
        System.out.println("| alg | benchmark | ops/s | ± | ratio to floor | B/op |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            if (name(r).equals("interleaved")) {
                continue;
            }
            Map<String, Object> primary = (Map<String, Object>) r.get("primaryMetric");
            double floor = floors.getOrDefault(alg(r), Double.NaN);
            Map<String, Object> secondary = (Map<String, Object>) r.get("secondaryMetrics");
            Object norm = secondary == null ? null : secondary.get("gc.alloc.rate.norm");
            if (norm == null && secondary != null) {
                norm = secondary.get("·gc.alloc.rate.norm");
            }
            String bytes = norm == null
                    ? "-"
                    : String.format(
                            Locale.ROOT, "%.0f", ((Number) ((Map<String, Object>) norm).get("score")).doubleValue());
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %.0f | %.0f | %.2f | %s |%n",
                    alg(r),
                    name(r),
                    score(r),
                    primary.get("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN,
                    score(r) / floor,
                    bytes);
        }
        interleaved(results);
    }

    /**
     * {@code ValidateBenchmark.interleaved}: the floor and a contender batch after batch in one fork.
     * The ratio is the floor's time over the contender's for the same number of calls, over all
     * measured iterations; then each fork's, the lowest and highest of single iterations, and the
     * floor's time per call with the contender's time above it (NaN for results without {@code calls}).
     * Once in elapsed time ({@code floorNanos}, {@code contenderNanos}), once in the thread's CPU time
     * ({@code floorCpuNanos}, {@code contenderCpuNanos}) where the results have it.
     */
    private static void interleaved(List<Object> results) {
        table(
                results,
                "floorNanos",
                "contenderNanos",
                "Interleaved (floor and contender batch after batch in one fork): floor time / contender time, elapsed");
        table(
                results,
                "floorCpuNanos",
                "contenderCpuNanos",
                "The same in the benchmark thread's CPU time (time the thread waited for a core left out)");
        costs(results);
    }

    @SuppressWarnings("unchecked")
    private static void table(List<Object> results, String floorMetric, String contenderMetric, String title) {
        StringBuilder table = new StringBuilder();
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            Map<String, Object> secondary = (Map<String, Object>) r.get("secondaryMetrics");
            if (!name(r).equals("interleaved") || isDpopRequest(r)) {
                continue;
            }
            if (!secondary.containsKey(floorMetric)) {
                continue;
            }
            List<List<Number>> floor = rawData(secondary, floorMetric);
            List<List<Number>> contender = rawData(secondary, contenderMetric);
            List<List<Number>> calls = secondary.containsKey("calls") ? rawData(secondary, "calls") : null;
            double callSum = 0;
            double floorSum = 0;
            double contenderSum = 0;
            double low = Double.MAX_VALUE;
            double high = 0;
            StringBuilder forks = new StringBuilder();
            for (int f = 0; f < floor.size(); f++) {
                double forkFloor = 0;
                double forkContender = 0;
                for (int i = 0; i < floor.get(f).size(); i++) {
                    double a = floor.get(f).get(i).doubleValue();
                    double b = contender.get(f).get(i).doubleValue();
                    forkFloor += a;
                    forkContender += b;
                    callSum += calls == null ? Double.NaN : calls.get(f).get(i).doubleValue();
                    low = Math.min(low, a / b);
                    high = Math.max(high, a / b);
                }
                floorSum += forkFloor;
                contenderSum += forkContender;
                forks.append(forks.length() == 0 ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%.3f", forkFloor / forkContender));
            }
            Map<String, Object> params = (Map<String, Object>) r.get("params");
            table.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.3f | %s | %.3f-%.3f | %.2f | %+.2f |%n",
                    alg(r),
                    // a benchmark without parameters (IntrospectionBenchmark) has one contender: its class
                    params == null ? benchmarkClass(r) : params.get("contender"),
                    floorSum / contenderSum,
                    forks,
                    low,
                    high,
                    floorSum / callSum / 1e3,
                    (contenderSum - floorSum) / callSum / 1e3));
        }
        if (table.length() > 0) {
            System.out.println();
            System.out.println(title);
            System.out.println();
            System.out.println(
                    "| alg | contender | ratio to floor | per fork | single iterations | floor µs/call | contender above the floor, µs/call |");
            System.out.println("|---|---|---:|---|---|---:|---:|");
            System.out.print(table);
        }
    }

    /**
     * {@code DpopRequestBenchmark.interleaved}: the contender's cost over the floor's for the same calls, in wall time
     * and in thread CPU time, iteration by iteration and over all, with each side's time and bytes per call.
     */
    @SuppressWarnings("unchecked")
    private static void costs(List<Object> results) {
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            Map<String, Object> secondary = (Map<String, Object>) r.get("secondaryMetrics");
            if (!name(r).equals("interleaved") || !isDpopRequest(r)) {
                continue;
            }
            String[] metrics = {
                "calls",
                "floorNanos",
                "contenderNanos",
                "floorCpuNanos",
                "contenderCpuNanos",
                "floorBytes",
                "contenderBytes"
            };
            System.out.println();
            System.out.println(r.get("benchmark") + ": contender time / floor time (equal calls)");
            System.out.println();
            System.out.println("| iteration | calls | floor µs/call | contender µs/call | ratio | floor CPU µs/call"
                    + " | contender CPU µs/call | CPU ratio | floor B/call | contender B/call |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            double[] sum = new double[metrics.length];
            int iteration = 0;
            for (int f = 0; f < rawData(secondary, "calls").size(); f++) {
                for (int i = 0; i < rawData(secondary, "calls").get(f).size(); i++) {
                    double[] v = new double[metrics.length];
                    for (int m = 0; m < metrics.length; m++) {
                        v[m] = rawData(secondary, metrics[m]).get(f).get(i).doubleValue();
                        sum[m] += v[m];
                    }
                    System.out.println(costRow(String.valueOf(++iteration), v));
                }
            }
            System.out.println(costRow("all", sum));
        }
    }

    private static String costRow(String label, double[] v) {
        double calls = v[0];
        return String.format(
                Locale.ROOT,
                "| %s | %.0f | %.1f | %.1f | %.3f | %.1f | %.1f | %.3f | %.0f | %.0f |",
                label,
                calls,
                v[1] / calls / 1e3,
                v[2] / calls / 1e3,
                v[2] / v[1],
                v[3] / calls / 1e3,
                v[4] / calls / 1e3,
                v[4] / v[3],
                v[5] / calls,
                v[6] / calls);
    }

    @SuppressWarnings("unchecked")
    private static List<List<Number>> rawData(Map<String, Object> secondary, String metric) {
        return (List<List<Number>>) ((Map<String, Object>) secondary.get(metric)).get("rawData");
    }

    /**
     * Several short runs (one JSON file each, e.g. from {@code benchmarks/paired.sh}): each
     * benchmark's ratio to the floor of the same algorithm in the same run, minutes apart at most, and
     * the median over the runs. A machine that drifts between runs moves a run's floor and contender
     * together.
     */
    @SuppressWarnings("unchecked")
    private static void paired(String[] files) throws Exception {
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (String file : files) {
            List<Object> results = results(file);
            Map<String, Double> floors = floors(results);
            for (Object o : results) {
                Map<String, Object> r = (Map<String, Object>) o;
                Double floor = floors.get(alg(r));
                if (floor != null && !name(r).equals("rawVerifyFloor") && !name(r).equals("interleaved")) {
                    ratios.computeIfAbsent(alg(r) + " | " + name(r), k -> new java.util.ArrayList<>())
                            .add(score(r) / floor);
                }
            }
        }
        System.out.println("| alg | benchmark | ratio to the floor, run by run | median |");
        System.out.println("|---|---|---|---:|");
        for (Map.Entry<String, List<Double>> e : ratios.entrySet()) {
            List<Double> sorted = new java.util.ArrayList<>(e.getValue());
            java.util.Collections.sort(sorted);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            StringBuilder each = new StringBuilder();
            for (double ratio : e.getValue()) {
                each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", ratio));
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.3f |%n", e.getKey(), each, median);
        }
    }

    /** The raw-verify floor's score of each algorithm in one run's results. */
    @SuppressWarnings("unchecked")
    private static Map<String, Double> floors(List<Object> results) {
        Map<String, Double> floors = new LinkedHashMap<>();
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            if (name(r).equals("rawVerifyFloor")) {
                floors.put(alg(r), score(r));
            }
        }
        return floors;
    }

    /** The results in a JMH JSON file ({@code -rf json}), one map each. */
    static List<Object> results(String file) throws Exception {
        return (JSONArray) new JSONParser().parse(Files.readString(Path.of(file)));
    }

    /** The {@code alg} parameter of a result; empty if it has no parameters, "null" if not that one. */
    @SuppressWarnings("unchecked")
    static String alg(Map<String, Object> r) {
        Map<String, Object> params = (Map<String, Object>) r.get("params");
        return params == null ? "" : String.valueOf(params.get("alg"));
    }

    /** A result of {@code DpopRequestBenchmark}, whose interleaved results are read by {@link #costs}. */
    private static boolean isDpopRequest(Map<String, Object> r) {
        return ((String) r.get("benchmark")).contains("DpopRequestBenchmark");
    }

    private static String benchmarkClass(Map<String, Object> r) {
        String b = (String) r.get("benchmark");
        String withoutMethod = b.substring(0, b.lastIndexOf('.'));
        return withoutMethod.substring(withoutMethod.lastIndexOf('.') + 1);
    }

    /** The benchmark method's name. */
    static String name(Map<String, Object> r) {
        String b = (String) r.get("benchmark");
        return b.substring(b.lastIndexOf('.') + 1);
    }

    /** The primary metric's score. */
    @SuppressWarnings("unchecked")
    static double score(Map<String, Object> r) {
        return ((Number) ((Map<String, Object>) r.get("primaryMetric")).get("score")).doubleValue();
    }
}
