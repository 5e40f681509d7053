#!/usr/bin/env bash
# Serving benchmarks: exact search (Vector API vs scalar reference) at 100k and 1M items x 64; ANN (JVector)
# vs exact at 100k and 1M (AFFINITY_ANN_BENCH_ITEMS) with recall@10; and
# HTTP recommendation latency vs the in-process service on a 100k-item snapshot (loopback only).
# Usage: bench/serving.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl bench/serving-bench -am) >&2
CP="$ROOT/bench/serving-bench/target/affinity-serving-bench-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/bench/serving-bench/target/classpath.txt")"
JAVA_OPTS=(-Xmx6g --add-modules jdk.incubator.vector -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
java "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.SearchBench 100000 64 2000 2>/dev/null
java "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.SearchBench 1000000 64 300 2>/dev/null
java "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.HttpBench 100000 20000 5000 2>/dev/null
java "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.AnnBench 100000 64 1000 50,100,400 2>/dev/null
# 1M items: the graph build with M=32 did not finish within 14 minutes on 2 cores; run it on a bigger box:
# AFFINITY_ANN_BENCH_ITEMS=1000000 bench/serving.sh
if [ -n "${AFFINITY_ANN_BENCH_ITEMS:-}" ]; then
  java "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.AnnBench "$AFFINITY_ANN_BENCH_ITEMS" 64 300 100 2>/dev/null
fi
