# The Spark job image: Spark 4.2 (the official image's layout: /opt/spark, user spark, entrypoint
# /opt/entrypoint.sh used by spark-submit on Kubernetes and the Spark operator) plus Affinity's
# shaded job jar (our code, the feature store, picocli, JVector and TensorFlow Java, CPU build, and
# hadoop-aws with the AWS S3 client for s3a:// stores and logs; Spark images do not ship them).
# Build from the repository root after ./mvnw -DskipTests package:
#   docker build -f infra/docker/spark-job.Dockerfile -t affinity/spark-job:0.1.0 .
FROM apache/spark:4.2.0-scala2.13-java17-ubuntu

USER root
# Native BLAS for MLlib's ALS (about 1.6x less CPU than its Java fallback).
RUN apt-get update && apt-get install -y --no-install-recommends libopenblas0-pthread \
    && rm -rf /var/lib/apt/lists/*
COPY spark-jobs/target/affinity-spark-jobs-0.1.0-SNAPSHOT-job.jar /opt/affinity/affinity-job.jar
COPY infra/spark/gpu-discovery.sh /opt/affinity/gpu-discovery.sh
RUN chmod 0755 /opt/affinity/gpu-discovery.sh
USER spark
# spark-submit --class io.affinity.jobs.cli.AffinityJobs local:///opt/affinity/affinity-job.jar train ...
ENV AFFINITY_MAIN_CLASS=io.affinity.jobs.cli.AffinityJobs
