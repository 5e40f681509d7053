#!/usr/bin/env bash
# Nearest neighbours on trained factors, side by side (issue 16): our search (exact head scan +
# neighbour-graph walk) against Lucene 10.6 HNSW and raw JVector 4.0.2, same vectors, same queries,
# one thread, each engine swept over its beam; then per engine the fastest setting with recall@10
# >= 0.98 and < 0.5% of queries below 0.5, and its time against ours. Lucene 10 needs JDK 21+, so
# this runs on Temurin 25 (or JAVA_HOME when it is 21+).
# Usage: bench/ann.sh [40k|1m ...] [-- ENGINES]   (default: both data sets; see bench/data.sh)
#   AFFINITY_ANN_QUERIES (default 2000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
sets=(); engines="ours,lucene16,lucene32,jvector16,jvector32"
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then engines="$2"; shift 2; else sets+=("$1"); shift; fi
done
[ ${#sets[@]} -gt 0 ] || sets=(40k 1m)
J21=""
for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[1-9]*; do
  if [ -n "$c" ] && [ -x "$c/bin/java" ] && [ "$("$c/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)" -ge 21 ]; then J21="$c"; break; fi
done
[ -n "$J21" ] || { echo "bench/ann.sh needs a JDK 21+ (Lucene 10): install Temurin 25 or set JAVA_HOME" >&2; exit 2; }
stores=()
for s in "${sets[@]}"; do stores+=("$("$ROOT/bench/data.sh" "$s")"); done
(cd "$ROOT" && JAVA_HOME="$J21" ./mvnw -q -B -DskipTests package -pl bench/ann-bench -am) >&2
CP="$ROOT/bench/ann-bench/target/affinity-ann-bench-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/bench/ann-bench/target/classpath.txt")"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(lscpu | sed -n 's/^Model name: *//p')"
for store in "${stores[@]}"; do
  "$J21/bin/java" -Xmx20g --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -Djvector.physical_core_count="$(nproc)" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
    io.affinity.bench.ann.AnnBench "$store" "${AFFINITY_ANN_QUERIES:-2000}" "$engines" 2>/dev/null
done
