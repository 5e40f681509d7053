#!/usr/bin/env bash
# Serving benchmarks (docs/benchmarks.md):
#  1. SearchBench: exact search, Vector API vs scalar reference vs the memory-bandwidth floor, 100k and 1M x 64.
#  2. HttpBench on trained stores (bench/data.sh: 40k and ~1M items): first load, a _CURRENT flip,
#     then wrk with random users at 1 and 16 connections against /health/live, and the search's
#     share of the server-side time from /metrics; once per collector (G1, generational ZGC,
#     Parallel) when AFFINITY_BENCH_GC=all, else with the collector bin/affinity serve uses.
# Usage: bench/serving.sh [40k|1m ...]    (default both; the 1m store takes ~45 min to build once)
#   AFFINITY_WRK_SECONDS (default 20)   JAVA_HOME picks the JDK (generational ZGC needs 21+)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -q wrk >/dev/null 2>&1 || echo "could not install wrk; HTTP figures will be skipped" >&2
  else
    echo "wrk is not installed (apt-get install wrk); HTTP figures will be skipped" >&2
  fi
fi
stores=()
for s in "${@:-40k 1m}"; do for x in $s; do stores+=("$("$ROOT/bench/data.sh" "$x")"); done; done
(cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl bench/serving-bench -am) >&2
CP="$ROOT/bench/serving-bench/target/affinity-serving-bench-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/bench/serving-bench/target/classpath.txt")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVA_OPTS=(--add-modules jdk.incubator.vector -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(lscpu | sed -n 's/^Model name: *//p'), $("$JAVA" -version 2>&1 | head -1)"
"$JAVA" -Xmx14g "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.SearchBench 100000 64 2000 2>/dev/null
"$JAVA" -Xmx14g "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.SearchBench 1000000 64 300 2>/dev/null
# The collector bin/affinity serve uses (keep in step with it).
MAJOR="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)"
if [ "$MAJOR" -ge 23 ]; then DEFAULT_GC="-XX:+UseZGC"
elif [ "$MAJOR" -ge 21 ]; then DEFAULT_GC="-XX:+UseZGC -XX:+ZGenerational"
else DEFAULT_GC="-XX:+UseG1GC"; fi
for store in "${stores[@]}"; do
  if [ "${AFFINITY_BENCH_GC:-}" = all ]; then
    gcs=("-XX:+UseG1GC" "-XX:+UseZGC" "-XX:+UseParallelGC")
  else
    gcs=("$DEFAULT_GC")
  fi
  for gc in "${gcs[@]}"; do
    echo "== $store, $gc"
    # shellcheck disable=SC2086
    "$JAVA" -Xmx6g $gc "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.HttpBench "$store" \
      "${AFFINITY_WRK_SECONDS:-20}" 2>/dev/null
  done
done
