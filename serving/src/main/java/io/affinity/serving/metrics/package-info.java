/**
 * Operational metrics in Prometheus text format: HTTP requests and latency per route and status,
 * search latency per path (ANN or exact), and the served snapshot's id, age, load duration and
 * refused loads. Plain Java (no Javalin); thread-safe, lock-free counters.
 */
package io.affinity.serving.metrics;
