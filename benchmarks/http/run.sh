#!/usr/bin/env bash
# The HTTP benchmark of issue 9: throughput of an endpoint protected by the Portcullis servlet filter
# against the same endpoint unprotected, in one Open Liberty, measured with wrk. See
# benchmarks/README.md ("HTTP"). Run from anywhere:
#
#   benchmarks/http/run.sh
#
# Needs wrk (Debian: apt-get install -y wrk), Maven and a JDK 17. Builds the benchmark WAR and the
# token generator, unpacks Open Liberty (from Maven Central) under benchmarks/http/target, then
# measures two server configurations, one after the other:
#   a) cache-on:  the verified-token cache as in production (default 10,000 entries); wrk cycles
#                 through POOL distinct tokens, so after the first round almost every request is a
#                 cache hit
#   b) cache-off: portcullis.cache.max-entries=0, so every request verifies a signature (worst case)
# In each, after a warm-up of both endpoints, ROUNDS rounds of protected / unprotected runs, in the
# order A B B A (so drift cancels). Both endpoints receive the very same requests (the Authorization
# header too); only /bench/api/ping is protected. Results go to benchmarks/http/target/run-*/.
#
# Settings (environment): ROUNDS (3), DURATION of a run (20s), WARMUP per endpoint (30s),
# THREADS (1) and CONNECTIONS (16) of wrk, POOL of tokens (1000), PORT (a free one),
# PORTCULLIS_CPU_LOCK: the lock file held while measuring (/tmp/portcullis-cpu.lock; empty: none),
# SERVER_JVM_OPTIONS: more options for Liberty's JVM (e.g. -XX:StartFlightRecording=filename=x.jfr).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/benchmarks/http"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-30s}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-16}
POOL=${POOL:-1000}
LOCK=${PORTCULLIS_CPU_LOCK-/tmp/portcullis-cpu.lock}
WLP="$HERE/target/liberty/wlp"
SERVER=portcullis-bench
SERVER_DIR="$WLP/usr/servers/$SERVER"

if [[ "${1:-}" != "--measure" ]]; then
    command -v wrk > /dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
    command -v curl > /dev/null || { echo "curl is missing: apt-get install -y curl" >&2; exit 1; }
    echo "Building the benchmark WAR, the token generator and Open Liberty ..."
    (cd "$ROOT" && mvn -q -DskipTests -Phttp-bench package -pl benchmarks,benchmarks/http -am)
    OUT="$HERE/target/run-$(date -u +%Y%m%dT%H%M%SZ)"
    mkdir -p "$OUT"
    java -cp "$ROOT/benchmarks/target/benchmarks.jar" dev.portcullis.benchmarks.HttpTokens "$OUT" "$POOL"
    if [[ -n "$LOCK" ]]; then
        echo "Waiting for $LOCK ..."
        exec flock "$LOCK" "$0" --measure "$OUT"
    fi
    exec "$0" --measure "$OUT"
fi

OUT=$2
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BASE="http://127.0.0.1:$PORT/bench"
TOKEN=$(head -n 1 "$OUT/tokens.txt")
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

liberty_pid() {
    cat "$WLP/usr/servers/.pid/$SERVER.pid" 2> /dev/null || true
}

cpu_ticks() { # user + system clock ticks of a process
    awk '{print $14 + $15}' "/proc/$1/stat"
}

start_server() { # $1: extra JVM options
    printf 'bench.http.port=%s\n' "$PORT" > "$SERVER_DIR/bootstrap.properties"
    printf '%s\n' -Xms1g -Xmx1g "-Dmp.jwt.verify.publickey.location=$OUT/jwks.json" $1 ${SERVER_JVM_OPTIONS:-} > "$SERVER_DIR/jvm.options"
    "$WLP/bin/server" start "$SERVER" > "$OUT/server-start.log" 2>&1
    for _ in $(seq 1 120); do
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/open/ping")" == 200 ]]; then
            return 0
        fi
        sleep 0.5
    done
    echo "Open Liberty did not come up; see $SERVER_DIR/logs" >&2
    exit 1
}

stop_server() {
    "$WLP/bin/server" stop "$SERVER" > /dev/null 2>&1 || true
}
trap stop_server EXIT

expect() { # $1 status, rest: curl arguments
    local want=$1; shift
    local got
    got=$(curl -s -o /dev/null -w '%{http_code}' "$@")
    if [[ "$got" != "$want" ]]; then
        echo "expected $want, got $got: curl $*" >&2
        exit 1
    fi
}

run_wrk() { # $1 label, $2 path, $3 duration, $4 results file (or empty)
    local pid before after line
    pid=$(liberty_pid)
    before=$(cpu_ticks "$pid")
    line=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$3" --timeout 10s -s "$HERE/tokens.lua" "$BASE$2" -- "$OUT/tokens.txt" \
        | tee -a "$OUT/wrk.log" | grep '^RESULT ')
    after=$(cpu_ticks "$pid")
    if [[ "$line" != *" non2xx=0 "* ]]; then
        echo "$1: requests failed: $line" >&2
        exit 1
    fi
    if [[ -n "$4" ]]; then
        echo "$1 ${line#RESULT } server_cpu_ticks=$((after - before)) clk_tck=$(getconf CLK_TCK)" | tee -a "$4"
    fi
}

measure() { # $1 configuration name, $2 extra JVM options
    local results="$OUT/$1.txt"
    echo "== $1: starting Open Liberty ($2) on port $PORT; load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/summary.txt"
    start_server "$2"
    expect 200 "$BASE/open/ping"
    expect 401 "$BASE/api/ping"
    expect 401 -H "Authorization: Bearer not.a.token" "$BASE/api/ping"
    expect 200 -H "Authorization: Bearer $TOKEN" "$BASE/api/ping"
    run_wrk warmup-protected /api/ping "$WARMUP" ""
    run_wrk warmup-unprotected /open/ping "$WARMUP" ""
    for round in $(seq 1 "$ROUNDS"); do
        if (( round % 2 == 1 )); then
            run_wrk protected /api/ping "$DURATION" "$results"
            run_wrk unprotected /open/ping "$DURATION" "$results"
        else
            run_wrk unprotected /open/ping "$DURATION" "$results"
            run_wrk protected /api/ping "$DURATION" "$results"
        fi
    done
    stop_server
    echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/summary.txt"
    python3 - "$results" "$1" <<'PY' | tee -a "$OUT/summary.txt"
import statistics, sys
rows = {"protected": [], "unprotected": []}
for line in open(sys.argv[1]):
    label, *pairs = line.split()
    rows[label].append({k: float(v) for k, v in (p.split("=") for p in pairs)})
def rps(r): return r["requests"] / (r["duration_us"] / 1e6)
def cpu_us(r): return r["server_cpu_ticks"] / r["clk_tck"] * 1e6 / r["requests"]
print(f"| {sys.argv[2]} | endpoint | requests/s (mean of {len(rows['protected'])}) | runs | p50 ms | p90 ms | p99 ms | server CPU µs/request |")
print("|---|---|---:|---|---:|---:|---:|---:|")
mean = {}
for label in ("unprotected", "protected"):
    rs = rows[label]
    mean[label] = statistics.mean(rps(r) for r in rs)
    runs = ", ".join(f"{rps(r):.0f}" for r in rs)
    med = lambda k: statistics.median(r[k] for r in rs) / 1000
    print(f"| | {label} | {mean[label]:.0f} | {runs} | {med('p50_us'):.2f} | {med('p90_us'):.2f} | {med('p99_us'):.2f} | {statistics.mean(cpu_us(r) for r in rs):.0f} |")
print(f"\nratio protected / unprotected ({sys.argv[2]}): {mean['protected'] / mean['unprotected']:.3f}\n")
PY
}

{
    echo "HTTP benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ): wrk -t $THREADS -c $CONNECTIONS, $ROUNDS rounds of $DURATION per endpoint, warm-up $WARMUP"
    echo "$(java -version 2>&1 | head -n 1); Open Liberty $(grep -h '^com.ibm.websphere.productVersion=' "$WLP/lib/versions/openliberty.properties" | cut -d= -f2); $(nproc) CPUs, $(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
} | tee "$OUT/summary.txt"
measure cache-on ""
measure cache-off "-Dportcullis.cache.max-entries=0"
echo "Results: $OUT/summary.txt"
