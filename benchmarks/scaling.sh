#!/bin/sh
# 1 thread against 2 threads: ValidateBenchmark's cache-hit path (portcullisRepeatedToken) and cold
# path (portcullisCold), RS256, each run with -t 1 then -t 2 (same fork settings), RUNS times; then,
# for each pair, throughput with 1 and 2 threads, the 2-thread/1-thread ratio, the CPU time per call
# with each, and the median ratio (ScalingTable). Takes /tmp/portcullis-cpu.lock for each run. Needs
# the benchmarks jar:
#   mvn -q -DskipTests package -pl benchmarks -am
# RUNS (default 2), BENCHMARKS (a JMH regex) and JAR can be set in the environment.
set -eu
cd "$(dirname "$0")/.."
JAR=${JAR:-benchmarks/target/benchmarks.jar}
RUNS=${RUNS:-2}
BENCHMARKS=${BENCHMARKS:-'ValidateBenchmark\.portcullis(RepeatedToken|Cold)$'}
OUT=benchmarks/target/scaling-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
i=1
while [ "$i" -le "$RUNS" ]; do
    for t in 1 2; do
        echo "run $i, $t thread(s), load average $(cut -d' ' -f1-3 /proc/loadavg): $(date -u +%H:%M:%S)"
        flock /tmp/portcullis-cpu.lock java -jar "$JAR" "$BENCHMARKS" -p alg=RS256 -f 1 -wi 3 -i 5 -w 2s -r 2s \
            -t "$t" -rf json -rff "$OUT/run-$i-t$t.json" > "$OUT/run-$i-t$t.log" 2>&1
    done
    i=$((i + 1))
done
java -cp "$JAR" dev.portcullis.benchmarks.ScalingTable "$OUT"/run-*-t*.json | tee "$OUT/summary.md"
