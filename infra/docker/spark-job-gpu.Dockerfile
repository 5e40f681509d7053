# The Spark job image for GPU executors: CUDA 12 and cuDNN 9 runtime (what TensorFlow 2.18, inside
# TensorFlow Java 1.1.0, is built against), a JRE, the Spark distribution from the official image,
# and the job jar built with the GPU TensorFlow (./mvnw -Pgpu -DskipTests package, which writes the
# same file name with the linux-x86_64-gpu native library inside). The NVIDIA device plugin
# exposes the GPU; infra/spark/gpu-discovery.sh reports it to Spark.
#   docker build -f infra/docker/spark-job-gpu.Dockerfile -t affinity/spark-job-gpu:0.1.0 .
FROM apache/spark:4.2.0-scala2.13-java17-ubuntu AS spark

FROM nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless tini procps \
        libopenblas0-pthread python3 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 185 spark && useradd --system --uid 185 --gid spark --home-dir /opt/spark spark
COPY --from=spark /opt/spark /opt/spark
COPY --from=spark /opt/entrypoint.sh /opt/entrypoint.sh
ENV SPARK_HOME=/opt/spark JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
COPY spark-jobs/target/affinity-spark-jobs-0.1.0-SNAPSHOT-job.jar /opt/affinity/affinity-job.jar
COPY infra/spark/gpu-discovery.sh /opt/affinity/gpu-discovery.sh
RUN chmod 0755 /opt/affinity/gpu-discovery.sh && chown -R spark:spark /opt/spark/work-dir 2>/dev/null || true
WORKDIR /opt/spark/work-dir
USER spark
ENV AFFINITY_MAIN_CLASS=io.affinity.jobs.cli.AffinityJobs
ENTRYPOINT ["/opt/entrypoint.sh"]
