#!/usr/bin/env bash
# Trained stores the serving benchmarks share (built once, reused while present), under
# ${AFFINITY_BENCH_DATA:-build/bench-data}:
#   40k/  the issue-16 log: 100,000 users x 40,000 items, 3,000,000 events, seed 11 (~4 min to train)
#   1m/   400,000 users x 1,600,000 items, 16,000,000 events, seed 13: about 1.07M items with
#         factors (~30 min to train with OpenBLAS on 2 cores, 16 GB heap)
# Both are trained by the real job (`affinity train --no-evaluate --no-ann`), then get their
# neighbour graph from bench/serving-bench's AddGraph (every core; the job builds it on one).
# Usage: bench/data.sh [40k|1m ...]   (default: both). Prints each store's path.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${AFFINITY_BENCH_DATA:-$ROOT/build/bench-data}"
mkdir -p "$DATA"
"$ROOT/bin/affinity" --version >/dev/null   # builds if needed
(cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl bench/serving-bench -am) >&2
CP="$ROOT/bench/serving-bench/target/affinity-serving-bench-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/bench/serving-bench/target/classpath.txt")"
build() { # name users items events seed heap
  local dir="$DATA/$1"
  if [ ! -f "$dir/store/_CURRENT" ]; then
    echo "bench data $1: generating and training (once) ..." >&2
    rm -rf "$dir"
    "$ROOT/bin/affinity" generate "$dir/gen" --users "$2" --items "$3" --events "$4" --seed "$5" >&2
    AFFINITY_HEAP="$6" "$ROOT/bin/affinity" train --interactions "$dir/gen/interactions" --store "$dir/store" \
      --no-evaluate --no-ann >&2
  fi
  java -Xmx12g --add-modules jdk.incubator.vector -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
    io.affinity.bench.serving.AddGraph "$dir/store" >&2
  echo "$dir/store"
}
for set in "${@:-40k 1m}"; do
  for s in $set; do
    case "$s" in
      40k) build 40k 100000 40000 3000000 11 4g ;;
      1m) build 1m 400000 1600000 16000000 13 16g ;;
      *) echo "unknown data set $s (40k or 1m)" >&2; exit 2 ;;
    esac
  done
done
