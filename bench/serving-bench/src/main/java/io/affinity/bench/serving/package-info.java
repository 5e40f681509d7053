/**
 * Serving benchmarks: exact search (scalar vs Vector API vs the memory floor), the server end to
 * end on trained factors with wrk ({@code HttpBench}), real-time fold-in ({@code FoldInBench}), and
 * {@code AddGraph}, which gives a store trained with {@code --no-ann} its neighbour graph.
 */
package io.affinity.bench.serving;
