#!/usr/bin/env bash
# Train-job benchmark: wall time and peak memory of `affinity train` on ml-latest-small (when
# present) and on a generated 1M-event log, each against a reference measured in the same run:
# raw MLlib ALS (read + aggregate + index + one fit, same parameters) in a fresh JVM.
# Usage: bench/train.sh [WORKDIR]     (default build/bench)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$ROOT/build/bench}"
DATASETS="${AFFINITY_DATASETS:-$ROOT/../shared/datasets}"
mkdir -p "$WORK"
AFFINITY="$ROOT/bin/affinity"
"$AFFINITY" --version >/dev/null   # builds if needed
(cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl bench/jobs-bench -am) >&2
FLAGS="$(cat "$ROOT/spark-jobs/target/classes/affinity-spark-jvm-flags.txt")"
BENCH_CP="$ROOT/bench/jobs-bench/target/affinity-jobs-bench-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/bench/jobs-bench/target/classpath.txt")"
RANK=64; ITER=15; REG=0.1; ALPHA=0.3

run_case() {
  local name="$1" data="$2"
  rm -rf "$WORK/store-$name"
  local out; out="$("$AFFINITY" train --interactions "$data/interactions" --items "$data/items" \
      --store "$WORK/store-$name" --rank $RANK --max-iter $ITER --reg-param $REG --alpha $ALPHA 2>/dev/null)"
  echo "$out" | grep -E "rows read|users x|als  |popularity  |done in"
  local secs mib; secs="$(echo "$out" | sed -n 's/^done in \([0-9.]*\)s.*/\1/p')"
  mib="$(echo "$out" | sed -n 's/.*peak RSS \([0-9]*\) MiB.*/\1/p')"
  local base; base="$(SPARK_LOCAL_IP=127.0.0.1 java -Xmx4g $FLAGS -cp "$BENCH_CP" io.affinity.bench.jobs.AlsBaseline \
      "$data/interactions" $RANK $ITER $REG $ALPHA 2>/dev/null)"
  echo "$base" | grep '^baseline'
  local bsecs bmib; bsecs="$(echo "$base" | sed -n 's/^BASELINE_SECONDS=//p')"; bmib="$(echo "$base" | sed -n 's/^BASELINE_PEAK_MIB=//p')"
  awk -v n="$name" -v s="$secs" -v m="$mib" -v bs="$bsecs" -v bm="$bmib" 'BEGIN {
    printf "RESULT %s: train job %.1fs, peak RSS %d MiB | raw ALS fit %.1fs, %d MiB | ratio time %.2fx, memory %.2fx\n",
      n, s, m, bs, bm, s / bs, m / bm }'
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
if [ -f "$DATASETS/ml-latest-small/ratings.csv" ]; then
  rm -rf "$WORK/ml"
  "$AFFINITY" import movielens "$DATASETS/ml-latest-small" "$WORK/ml" | head -1
  run_case ml-latest-small "$WORK/ml"
else
  echo "ml-latest-small not found under $DATASETS: skipped (synthetic case only)"
fi
rm -rf "$WORK/gen1m"
"$AFFINITY" generate "$WORK/gen1m" --users 20000 --items 10000 --events 1000000 --seed 42
run_case generated-1M "$WORK/gen1m"
