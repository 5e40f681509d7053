# The serving image: a small JRE, the server jar and its runtime libraries (no Spark, no
# TensorFlow: the serving module's build forbids them), a non-root user, and a health check on
# /health/ready. Build from the repository root after ./mvnw -DskipTests package:
#   docker build -f infra/docker/serving.Dockerfile -t affinity/serving:0.1.0 .
FROM eclipse-temurin:25-jre-alpine
RUN addgroup -S affinity && adduser -S -G affinity -u 10001 affinity \
    && apk add --no-cache wget
COPY serving/target/lib/ /opt/affinity/lib/
COPY serving/target/affinity-serving-0.1.0-SNAPSHOT.jar /opt/affinity/affinity-serving.jar
USER 10001
EXPOSE 8080
# The store is mounted (or synced from object storage) at /store; secrets come from the environment
# (AFFINITY_ADMIN_TOKEN, AFFINITY_API_KEY), never from arguments.
# JDK 25 with generational ZGC: the lowest tail latency measured (docs/benchmarks.md, HTTP section);
# the server is built for Java 17 and runs on any JDK 17+.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+UseZGC --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/opt/affinity/affinity-serving.jar:/opt/affinity/lib/*' io.affinity.serving.ServeMain \"$@\"", "serve"]
CMD ["--store", "/store", "--port", "8080"]
