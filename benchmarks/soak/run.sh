#!/usr/bin/env bash
# The soak of issue 21: the orders-api sample in Open Liberty for MINUTES (default 30) under a steady mix of
# valid, expired, wrong-audience and garbage tokens, key rotations and one identity-provider outage. See
# benchmarks/README.md ("Soak"). Run from anywhere:
#
#   benchmarks/soak/run.sh [minutes] [options]
#   benchmarks/soak/run.sh 3 --rotate-every 1m --outage 30s      # the short shake-out
#
# Options (passed to SoakMain): --rotate-every 5m, --outage 2m, --rate 150 (requests/s, all clients),
# --clients 4, --follow-up 3s, --heap-tolerance-mb 16, --thread-tolerance 10. Needs Maven and a full
# JDK 17 (the soak attaches to Liberty's JVM with the Attach API to read its heap and threads over JMX). Builds the benchmarks jar, the orders-api WAR and Open Liberty (the
# benchmarks/http module's Liberty, from Maven Central), then runs. Output goes to the terminal; the exit
# code is 0 if the run passed, 1 if it failed, 2 if it could not start, 130 if interrupted.
# SKIP_BUILD=1 reuses the last build. It takes no CPU lock: the load is moderate on purpose.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/benchmarks/soak"
MINUTES=30
if [[ $# -gt 0 && "$1" != --* ]]; then
    MINUTES=$1
    shift
fi
WLP="$ROOT/benchmarks/http/target/liberty/wlp"
USER_DIR="$HERE/target/wlp-usr"
SERVER_DIR="$USER_DIR/servers/soak"

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "Building the benchmarks jar, the orders-api WAR and Open Liberty ..."
    (cd "$ROOT" && mvn -q -DskipTests -Phttp-bench package -pl benchmarks,benchmarks/http,samples/orders-api -am)
fi

rm -rf "$SERVER_DIR"
mkdir -p "$SERVER_DIR/dropins"
cp "$HERE/liberty/server.xml" "$SERVER_DIR/server.xml"
cp "$ROOT/samples/orders-api/target/orders-api.war" "$SERVER_DIR/dropins/orders-api.war"
printf '%s\n' -Xmx512m ${SERVER_JVM_OPTIONS:-} > "$SERVER_DIR/jvm.options"

echo "Soak started $(date -u +%Y-%m-%dT%H:%M:%SZ) at commit $(git -C "$ROOT" rev-parse --short HEAD);" \
    "$(java -version 2>&1 | head -n 1); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xmx256m -cp "$ROOT/benchmarks/target/benchmarks.jar" dev.portcullis.benchmarks.soak.SoakMain \
    --minutes "$MINUTES" --wlp "$WLP" --user-dir "$USER_DIR" "$@"
