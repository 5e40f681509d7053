#!/usr/bin/env bash
# Serving benchmarks (docs/benchmarks.md):
#  1. SearchBench: exact search, Vector API vs scalar reference vs the memory-bandwidth floor, 100k and 1M x 64.
#  2. ScaleBench at 100k and 1M items x 64 (100k users): ANN index build; in-process search p50/p99 and
#     recall@10 for our path vs raw JVector calls on the same graphs and ef vs the exact scan; _CURRENT flip
#     to serving time; HTTP with wrk at 1 and 16 connections vs /health/live (1M run only).
# Usage: bench/serving.sh            (about 25 minutes on 2 cores; set AFFINITY_BENCH_QUICK=1 for 100k only)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -q wrk >/dev/null 2>&1 || echo "could not install wrk; HTTP figures will be skipped" >&2
  else
    echo "wrk is not installed (apt-get install wrk); HTTP figures will be skipped" >&2
  fi
fi
(cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl bench/serving-bench -am) >&2
CP="$ROOT/bench/serving-bench/target/affinity-serving-bench-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/bench/serving-bench/target/classpath.txt")"
JAVA_OPTS=(-Xmx14g --add-modules jdk.incubator.vector -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
java "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.SearchBench 100000 64 2000 2>/dev/null
java "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.ScaleBench 100000 100000 2000 10,20,50,100 10 2>/dev/null
java "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.ScaleBench 100000 100000 2000 100,200,400 0 flat-norms 2>/dev/null
if [ -z "${AFFINITY_BENCH_QUICK:-}" ]; then
  java "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.SearchBench 1000000 64 300 2>/dev/null
  java "${JAVA_OPTS[@]}" -cp "$CP" io.affinity.bench.serving.ScaleBench 1000000 100000 1000 20,50,100 10 2>/dev/null
fi
