/**
 * The side-by-side ANN benchmark (JDK 21+): our graph search against Lucene 10 HNSW and raw JVector
 * on the same trained factors and queries. Run by {@code bench/ann.sh}.
 */
package io.affinity.bench.ann;
