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
 */
public final class ReportTable {
    private ReportTable() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        List<Object> results = (JSONArray) new JSONParser().parse(Files.readString(Path.of(args[0])));
        Map<String, Double> floors = new LinkedHashMap<>();
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            if (name(r).equals("rawVerifyFloor")) {
                floors.put(alg(r), score(r));
            }
        }
        System.out.println("| alg | benchmark | ops/s | ± | ratio to floor | B/op |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            Map<String, Object> primary = (Map<String, Object>) r.get("primaryMetric");
            double floor = floors.getOrDefault(alg(r), Double.NaN);
            Map<String, Object> secondary = (Map<String, Object>) r.get("secondaryMetrics");
            Object norm = secondary == null ? null : secondary.get("gc.alloc.rate.norm");
            if (norm == null && secondary != null) {
                norm = secondary.get("·gc.alloc.rate.norm");
            }
            String bytes = norm == null ? "-" : String.format(Locale.ROOT, "%.0f", ((Number) ((Map<String, Object>) norm).get("score")).doubleValue());
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.2f | %s |%n", alg(r), name(r), score(r),
                    primary.get("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN, score(r) / floor, bytes);
        }
    }

    @SuppressWarnings("unchecked")
    private static String alg(Map<String, Object> r) {
        Map<String, Object> params = (Map<String, Object>) r.get("params");
        return params == null ? "" : String.valueOf(params.get("alg"));
    }

    private static String name(Map<String, Object> r) {
        String b = (String) r.get("benchmark");
        return b.substring(b.lastIndexOf('.') + 1);
    }

    @SuppressWarnings("unchecked")
    private static double score(Map<String, Object> r) {
        return ((Number) ((Map<String, Object>) r.get("primaryMetric")).get("score")).doubleValue();
    }
}
