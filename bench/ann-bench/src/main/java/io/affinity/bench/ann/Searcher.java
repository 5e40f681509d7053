package io.affinity.bench.ann;

/** One engine configured for one kind of query: answers query {@code q} of the workload. */
interface Searcher {
  /** Writes the top 10 of query {@code q} (scores as exact inner products or cosines); returns the count. */
  int search(int q, int[] outRows, float[] outScores);
}
