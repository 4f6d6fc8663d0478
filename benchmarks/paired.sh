#!/bin/sh
# Short JMH runs of ValidateBenchmark's floor and cold validation, one after the other, then each
# run's ratios and their median (ReportTable). Each run holds the floor and the contender within
# about a minute of each other, so a machine whose speed drifts over minutes moves both alike.
# Takes /tmp/portcullis-cpu.lock for each run. Needs the benchmarks jar:
#   mvn -q -DskipTests package -pl benchmarks -am
# RUNS (default 6) and BENCHMARKS (a JMH regex) can be set in the environment.
set -eu
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
RUNS=${RUNS:-6}
BENCHMARKS=${BENCHMARKS:-'ValidateBenchmark\.(rawVerifyFloor|portcullisCold)$'}
OUT=benchmarks/target/paired-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
i=1
while [ "$i" -le "$RUNS" ]; do
    flock /tmp/portcullis-cpu.lock java -jar "$JAR" "$BENCHMARKS" -f 1 -wi 4 -i 4 -r 2s -w 2s \
        -rf json -rff "$OUT/run-$i.json" > "$OUT/run-$i.log" 2>&1
    echo "run $i of $RUNS done: $(date -u +%H:%M:%S)"
    i=$((i + 1))
done
java -cp "$JAR" dev.portcullis.benchmarks.ReportTable "$OUT"/run-*.json | tee "$OUT/summary.md"
