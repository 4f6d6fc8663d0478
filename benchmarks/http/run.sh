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
#   b) cache-off: portcullis.cache.max-entries=0, so every request verifies a signature (worst case);
#                 here also the floor (/bench/open/floor, FloorServlet: the ping plus one RS256
#                 verification of the request's token with the JDK, unprotected), whose ratio to the
#                 unprotected ping is the best a cache-off protected endpoint can reach on this machine
# In each, after a warm-up of each endpoint, ROUNDS rounds of protected / unprotected (/ floor) runs,
# in the order A B (C), (C) B A, ... (so drift cancels). Both endpoints receive the very same requests (the Authorization
# header too); only /bench/api/ping is protected. Results go to benchmarks/http/target/run-*/;
# summary.txt has, per configuration, the ratio protected / unprotected of each round (the two runs
# of a round are adjacent) and their median, Liberty's and wrk's CPU time per request, the machine's
# idle share and wrk's p99 latency. The defaults (issue 26: wrk -t2 -c32, 6 rounds) take about 11 minutes.
#
# Settings (environment): ROUNDS (6), DURATION of a run (15s), WARMUP per endpoint (20s),
# THREADS (2) and CONNECTIONS (32) of wrk, POOL of tokens (1000), PORT (a free one), FLOOR ("floor";
# empty: the cache-off configuration without the floor),
# CONFIGS to measure ("cache-on cache-off"), PORTCULLIS_CPU_LOCK: the lock file held while measuring
# (/tmp/portcullis-cpu.lock; empty: none), SERVER_JVM_OPTIONS: more options for Liberty's JVM (e.g.
# -XX:StartFlightRecording=filename=x.jfr).
# Profiles: with ASYNC_PROFILER set to async-profiler's libasyncProfiler.so, each configuration ends
# with one more run of DURATION per entry of PROFILES (default "protected:itimer unprotected:itimer
# protected:alloc"), async-profiler attached (jcmd JVMTI.agent_load) for that run only; not counted in
# the results. Written as <config>-<endpoint>-<event>.collapsed; profile.py sorts one into parts.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/benchmarks/http"
ROUNDS=${ROUNDS:-6}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-20s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
CONFIGS=${CONFIGS:-cache-on cache-off}
ASYNC_PROFILER=${ASYNC_PROFILER:-}
PROFILES=${PROFILES:-protected:itimer unprotected:itimer protected:alloc}
FLOOR=${FLOOR-floor}
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

idle_ticks() { # idle + iowait clock ticks of the whole machine, all CPUs
    awk '/^cpu / {print $5 + $6}' /proc/stat
}

start_server() { # $1: extra JVM options
    printf 'bench.http.port=%s\n' "$PORT" > "$SERVER_DIR/bootstrap.properties"
    local profiling=()
    if [[ -n "$ASYNC_PROFILER" ]]; then # precise line numbers for the profiler; no cost measurable here
        profiling=(-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints)
    fi
    printf '%s\n' -Xms1g -Xmx1g "-Dmp.jwt.verify.publickey.location=$OUT/jwks.json" $1 "${profiling[@]}" ${SERVER_JVM_OPTIONS:-} \
        > "$SERVER_DIR/jvm.options"
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
    local pid before after idle_before idle_after line wrk_cpu
    pid=$(liberty_pid)
    before=$(cpu_ticks "$pid")
    idle_before=$(idle_ticks)
    line=$(/usr/bin/time -f 'WRKCPU %U %S' -o "$OUT/wrk-time.txt" \
        wrk -t "$THREADS" -c "$CONNECTIONS" -d "$3" --timeout 10s -s "$HERE/tokens.lua" "$BASE$2" -- "$OUT/tokens.txt" \
        | tee -a "$OUT/wrk.log" | grep '^RESULT ')
    after=$(cpu_ticks "$pid")
    idle_after=$(idle_ticks)
    wrk_cpu=$(awk '/^WRKCPU/ {printf "%.0f", ($2 + $3) * 1e6}' "$OUT/wrk-time.txt")
    if [[ "$line" != *" non2xx=0 "* ]]; then
        echo "$1: requests failed: $line" >&2
        exit 1
    fi
    if [[ -n "$4" ]]; then
        echo "$1 ${line#RESULT } server_cpu_ticks=$((after - before)) wrk_cpu_us=$wrk_cpu idle_ticks=$((idle_after - idle_before)) cpus=$(nproc) clk_tck=$(getconf CLK_TCK)" | tee -a "$4"
    fi
}

profiler() { # $1: an async-profiler command, e.g. start,event=itimer
    jcmd "$(liberty_pid)" JVMTI.agent_load "$ASYNC_PROFILER" "\"$1\"" > "$OUT/profiler.log" 2>&1 \
        || { echo "async-profiler: $1 failed; see $OUT/profiler.log" >&2; exit 1; }
}

path_of() { # $1: protected, unprotected or floor
    case $1 in
        protected) echo /api/ping ;;
        unprotected) echo /open/ping ;;
        floor) echo /open/floor ;;
    esac
}

measure() { # $1 configuration name, $2 extra JVM options, $3 "floor" to measure the floor too
    local results="$OUT/$1.txt"
    echo "== $1: starting Open Liberty ($2) on port $PORT; load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/summary.txt"
    start_server "$2"
    expect 200 "$BASE/open/ping"
    expect 401 "$BASE/api/ping"
    expect 401 -H "Authorization: Bearer not.a.token" "$BASE/api/ping"
    expect 200 -H "Authorization: Bearer $TOKEN" "$BASE/api/ping"
    run_wrk warmup-protected /api/ping "$WARMUP" ""
    run_wrk warmup-unprotected /open/ping "$WARMUP" ""
    if [[ -n "$3" ]]; then
        expect 200 -H "Authorization: Bearer $TOKEN" "$BASE/open/floor"
        expect 401 -H "Authorization: Bearer ${TOKEN}x" "$BASE/open/floor"
        run_wrk warmup-floor /open/floor "$WARMUP" ""
    fi
    local endpoints=(protected unprotected $3)
    for round in $(seq 1 "$ROUNDS"); do
        local order=("${endpoints[@]}")
        if (( round % 2 == 0 )); then # A B C, C B A, ...
            order=($(printf '%s\n' "${endpoints[@]}" | tac))
        fi
        for endpoint in "${order[@]}"; do
            run_wrk "$endpoint" "$(path_of "$endpoint")" "$DURATION" "$results"
        done
    done
    if [[ -n "$ASYNC_PROFILER" ]]; then
        local entry endpoint event path
        for entry in $PROFILES; do
            endpoint=${entry%%:*}
            event=${entry#*:}
            path=$(path_of "$endpoint")
            profiler "start,event=$event$([[ "$event" == itimer ]] && echo ,interval=1ms)"
            run_wrk "profile-$endpoint-$event" "$path" "$DURATION" "$OUT/$1-profiled.txt"
            profiler "stop,file=$OUT/$1-$endpoint-$event.collapsed,collapsed$([[ "$event" == alloc ]] && echo ,total)"
        done
    fi
    stop_server
    echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/summary.txt"
    python3 "$HERE/summary.py" "$results" "$1" | tee -a "$OUT/summary.txt"
}

{
    echo "HTTP benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ): wrk -t $THREADS -c $CONNECTIONS, $ROUNDS rounds of $DURATION per endpoint, warm-up $WARMUP"
    echo "$(java -version 2>&1 | head -n 1); Open Liberty $(grep -h '^com.ibm.websphere.productVersion=' "$WLP/lib/versions/openliberty.properties" | cut -d= -f2); $(nproc) CPUs, $(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
} | tee "$OUT/summary.txt"
for config in $CONFIGS; do
    case $config in
        cache-on) measure cache-on "" "" ;;
        cache-off) measure cache-off "-Dportcullis.cache.max-entries=0" "$FLOOR" ;;
        *) echo "unknown configuration $config (cache-on, cache-off)" >&2; exit 1 ;;
    esac
done
python3 "$HERE/summary.py" --overall "$OUT" $CONFIGS | tee -a "$OUT/summary.txt"
echo "Results: $OUT/summary.txt"
