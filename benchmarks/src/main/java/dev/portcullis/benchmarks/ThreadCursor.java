package dev.portcullis.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A benchmark thread's own place in the shared token pool, so that with {@code -t 2} the threads share
 * only the pool and the validator, as request threads do, and write no counter of the benchmark's that
 * the other thread reads. Threads start half a pool apart, so they do not present the same tokens at
 * the same time.
 *
 * <p>It also reports the thread's CPU time per call, read every {@value #SAMPLE} calls
 * ({@code cpuNanos} over {@code cpuCalls}, summed over the threads; JMH reports public fields). Code
 * that scales without contention takes the same CPU time per call with 2 threads as with 1; threads
 * that fight over a cache line take more, on a machine shared with other jobs too, where throughput
 * also depends on who else has the cores.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class ThreadCursor {
    /** Calls between two readings of the thread's CPU time (a power of two). */
    static final int SAMPLE = 1024;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final AtomicInteger STARTS = new AtomicInteger();

    /** The thread's CPU time from the iteration's start to the latest reading, in nanoseconds. */
    public long cpuNanos;
    /** The calls made until the latest reading. */
    public long cpuCalls;

    private int next = STARTS.getAndAdd(ValidateBenchmark.POOL / 2);
    private long calls;
    private long cpuStart;

    @Setup(Level.Iteration)
    public void reset() {
        cpuNanos = 0;
        cpuCalls = 0;
        calls = 0;
        cpuStart = THREADS.getCurrentThreadCpuTime();
    }

    /** The next index into a pool of {@link ValidateBenchmark#POOL} tokens. */
    int nextIndex() {
        count();
        int i = next & (ValidateBenchmark.POOL - 1);
        next = i + 1;
        return i;
    }

    /** The next index into {@code n} (a power of two) equal tokens. */
    int nextIndex(int n) {
        count();
        return next++ & (n - 1);
    }

    private void count() {
        if ((++calls & (SAMPLE - 1)) == 0) {
            cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
            cpuCalls = calls;
        }
    }
}
