package dev.portcullis.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * {@link ColdPartsBenchmark}'s rows interleaved in one JVM, batch by batch (200 calls each, the
 * order rotating every round), so that slow drift and noisy neighbours hit every row alike; prints
 * each row's median time, and the median and quartiles of its per-round difference to the floor.
 * For comparing changes to the cold path of a few hundred nanoseconds, which separate JMH forks on a
 * shared machine cannot resolve. Not issue 9's measure ({@link ValidateBenchmark} is):
 *
 * <pre>java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.portcullis.benchmarks.ColdPartsInterleaved 200</pre>
 */
public final class ColdPartsInterleaved {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int batch = 200;
        ColdPartsBenchmark b = new ColdPartsBenchmark();
        b.setUp();
        List<String> names = List.of("floor", "floorDecode", "floorDecodeParse", "validate", "floorPooled", "floorParseCopies", "floorScalarDecodeParse");
        List<IntPredicate> ops = new ArrayList<>();
        ops.add(i -> call(() -> b.a_floor()));
        ops.add(i -> call(() -> b.b_floorDecode()));
        ops.add(i -> call(() -> b.c_floorDecodeParse()));
        ops.add(i -> b.d_validate().isValid());
        ops.add(i -> call(() -> b.a2_floorPooled()));
        ops.add(i -> call(() -> b.c1_floorParseCopies()));
        ops.add(i -> call(() -> b.c3_floorScalarDecodeParse()));
        // warm-up
        for (int w = 0; w < 20; w++) {
            for (IntPredicate op : ops) {
                for (int i = 0; i < batch; i++) {
                    op.test(i);
                }
            }
        }
        double[][] perOp = new double[ops.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < ops.size(); k++) {
                int o = (k + r) % ops.size();
                long t0 = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    if (!ops.get(o).test(i)) {
                        throw new IllegalStateException();
                    }
                }
                perOp[o][r] = (System.nanoTime() - t0) / (double) batch;
            }
        }
        for (int o = 0; o < ops.size(); o++) {
            double[] diff = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                diff[r] = perOp[o][r] - perOp[0][r];
                ratio[r] = perOp[0][r] / perOp[o][r];
            }
            Arrays.sort(diff);
            Arrays.sort(ratio);
            double[] own = perOp[o].clone();
            Arrays.sort(own);
            System.out.printf("%-18s median %8.0f ns  diff to floor: median %6.0f (q1 %6.0f, q3 %6.0f)  ratio median %.3f%n",
                    names.get(o), own[rounds / 2], diff[rounds / 2], diff[rounds / 4], diff[3 * rounds / 4], ratio[rounds / 2]);
        }
    }

    interface Call {
        Object run() throws Exception;
    }

    private static boolean call(Call c) {
        try {
            Object r = c.run();
            return r != null && !Boolean.FALSE.equals(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
