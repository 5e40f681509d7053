#!/usr/bin/env bash
# The same MovieLens train on local[2] and on a two-worker Spark standalone cluster (issue 17),
# wall time of each stage side by side. The cluster is the one ClusterIT builds: master and workers
# in their own JVMs from the project's Spark jars, each worker (1 core, 3 GiB) in its own mount
# namespace with a private /tmp and loopback address 127.0.0.2/.3, its Spark local dirs (shuffle) on
# its own directory on disk (a tmpfs fills up at 5M events); the job is submitted through
# SparkSubmit with the shaded job jar (client mode); data, store and checkpoints on a shared
# directory outside /tmp. Needs root (unshare -m). About 6 minutes on 2 cores.
# Usage: bench/cluster.sh [TRAIN FLAGS...]   (default: the plain train, ALS with evaluation)
#   AFFINITY_CLUSTER_INTERACTIONS=DIR trains that log instead of ml-latest-small (a directory
#   outside /tmp, e.g. build/bench-scale/gen-5m/interactions); the driver runs with -Xmx1g.
#   AFFINITY_CLUSTER_EXECUTOR_MEMORY (default 1500m; workers offer 3g with the overhead)
#   AFFINITY_CLUSTER_SKIP_LOCAL=1 runs only the cluster (bench/scale has the local figures).
# The driver forces a full GC every 10 s (-Daffinity.heapProbeSeconds=10) to report its live heap.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/build/bench-cluster"
# shellcheck source=bench/lib/stages.sh
. "$ROOT/bench/lib/stages.sh"
ML="${AFFINITY_DATASETS:-$ROOT/../shared/datasets}/ml-latest-small"
[ -n "${AFFINITY_CLUSTER_INTERACTIONS:-}" ] || [ -f "$ML/ratings.csv" ] || { echo "needs $ML (ml-latest-small)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root for unshare -m (private /tmp per worker)" >&2; exit 2; }
"$ROOT/bin/affinity" --version >/dev/null   # builds if needed
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
read -r -a FLAGS < "$ROOT/spark-jobs/target/classes/affinity-spark-jvm-flags.txt"
rm -rf "$WORK"; mkdir -p "$WORK/shared" "$WORK/driver" "$WORK/workers/1" "$WORK/workers/2" "$WORK/spark-home/jars"
# A copy: a build during the run (it takes minutes at 5M events) must not rewrite the jar under the job.
JAR="$WORK/affinity-job.jar"
cp "$ROOT/spark-jobs/target/affinity-spark-jobs-0.1.0-SNAPSHOT-job.jar" "$JAR"
# Spark's jars: the launcher class path minus what the job jar carries.
tr ':' '\n' < "$ROOT/spark-jobs/target/classpath.txt" | grep '\.jar$' \
  | grep -v -e '/affinity-' -e '/info/picocli/' -e '/io/github/jbellis/' -e '/org/agrona/' -e '/org/tensorflow/' \
     -e '/org/bytedeco/' -e '/hadoop-aws/' -e '/software/amazon/' -e '/com/networknt/' -e '/org/junit/' \
  | while read -r j; do ln -sf "$j" "$WORK/spark-home/jars/"; done
if [ -n "${AFFINITY_CLUSTER_INTERACTIONS:-}" ]; then
  ARGS=(train --interactions "$AFFINITY_CLUSTER_INTERACTIONS" "$@")   # e.g. bench/scale's gen-5m
else
  "$ROOT/bin/affinity" import movielens "$ML" "$WORK/shared/ml" >/dev/null
  ARGS=(train --interactions "$WORK/shared/ml/interactions" "$@")
fi

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(lscpu | sed -n 's/^Model name: *//p'), $("$JAVA" -version 2>&1 | head -1)"
LOGS=()
if [ -z "${AFFINITY_CLUSTER_SKIP_LOCAL:-}" ]; then
  echo "== local[2] (driver and executors in one JVM)"
  t0=$(date +%s.%N)
  "$ROOT/bin/affinity" "${ARGS[@]}" --store "$WORK/store-local" --master 'local[2]' > "$WORK/local.log" 2>&1
  echo "  wall $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }') s"
  LOGS+=("$WORK/local.log")
fi

echo "== standalone cluster: master + 2 workers (1 core, 3 GiB each), client mode"
MPORT=17077; UIPORT=18080
"$JAVA" -Xmx256m "${FLAGS[@]}" -cp "$WORK/spark-home/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port $MPORT --webui-port $UIPORT > "$WORK/master.log" 2>&1 &
PIDS=($!)
trap 'kill "${PIDS[@]}" 2>/dev/null; pkill -f "CoarseGrainedExecutorBackend.*$WORK" 2>/dev/null || true' EXIT
sleep 5
for n in 1 2; do
  host="127.0.0.$((n + 1))"
  SPARK_HOME="$WORK/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP="$host" SPARK_LOCAL_DIRS=/tmp/work/local \
  unshare -m --propagation private bash -c "
    mount -t tmpfs tmpfs /tmp && mkdir -p /tmp/work &&
    mount --bind '$WORK/workers/$n' /tmp/work && mkdir -p /tmp/work/local && mount -t tmpfs tmpfs '$WORK/workers' && mount -t tmpfs tmpfs '$WORK/driver' &&
    exec '$JAVA' -Xmx512m ${FLAGS[*]} -cp '$WORK/spark-home/jars/*' org.apache.spark.deploy.worker.Worker \
      spark://127.0.0.1:$MPORT --host $host --cores 1 --memory 3g --work-dir /tmp/work" > "$WORK/worker-$n.log" 2>&1 &
  PIDS+=($!)
done
for _ in $(seq 60); do
  [ "$(curl -sL "http://127.0.0.1:$UIPORT/json/" | grep -o '"state" *: *"ALIVE"' | wc -l)" -ge 2 ] && break; sleep 1
done
t0=$(date +%s.%N)
(cd "$WORK/driver" && SPARK_LOCAL_IP=127.0.0.1 SPARK_HOME="$WORK/spark-home" "$JAVA" -Xmx1g -Daffinity.heapProbeSeconds=10 "${FLAGS[@]}" \
  -cp "$WORK/spark-home/jars/*" org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$MPORT" \
  --deploy-mode client --class io.affinity.jobs.cli.AffinityJobs \
  --conf "spark.executor.extraJavaOptions=${FLAGS[*]}" --conf spark.executor.memory=${AFFINITY_CLUSTER_EXECUTOR_MEMORY:-1500m} \
  --conf spark.executor.memoryOverhead=768m --conf spark.cores.max=2 --conf spark.sql.shuffle.partitions=4 \
  "$JAR" "${ARGS[@]}" --store "$WORK/shared/store" --checkpoint-dir "file://$WORK/shared/checkpoints") \
  > "$WORK/cluster.log" 2>&1
echo "  wall $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }') s"

LOGS+=("$WORK/cluster.log")
echo
stage_table "${LOGS[@]}"
memory_rows "${LOGS[@]}"
