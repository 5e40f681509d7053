package io.affinity.serving.index;

import java.util.Arrays;

/**
 * Best-first beam search over a {@link KnnGraph}, from given seed nodes, scoring with an exact
 * index (inner product over raw or unit vectors). Nodes the caller marks ineligible (already
 * scanned, excluded, filtered out) are walked through but never collected, so filters cost visits,
 * not results.
 *
 * <p>The work is bounded: at most {@code maxVisits} nodes are scored per search, whatever the
 * graph, the query or {@code ef}.
 *
 * <p>Reuse contract: one instance is scratch for one search at a time (not thread-safe). Its
 * arrays are sized once for the largest {@code ef} and {@code maxVisits}; {@link #search} then
 * allocates nothing. Callers pool instances.
 */
final class BeamSearch {
  private final KnnGraph graph;
  private final int maxEf;
  private final int maxVisits;
  // Visited set: open addressing over node ids, an entry valid while its stamp equals `gen`.
  private final int[] visitedKeys;
  private final int[] visitedStamps;
  private final int visitedMask;
  private int gen;
  // Candidates to expand: max-heap by score.
  private final int[] candNodes;
  private final float[] candScores;
  private int candSize;
  // Best eligible nodes found: min-heap by score, at most ef.
  private final int[] resNodes;
  private final float[] resScores;
  private int resSize;
  private int visited;
  private TopKCollector sink;

  /**
   * Which nodes a search may return: those at or after {@code fromRank} in a rank order (when one
   * is set) that {@code filter} accepts. Mutable scratch, reset per search, so no search allocates.
   */
  static final class Eligibility {
    private int[] rank;
    private int fromRank;
    private SearchFilter filter;
    private boolean all;

    /** Sets the rules for the next search; {@code rank} may be null (no rank rule). */
    Eligibility set(int[] rankOrNull, int from, SearchFilter f) {
      this.rank = rankOrNull;
      this.fromRank = from;
      this.filter = f;
      this.all = f.acceptsAll();
      return this;
    }

    boolean eligible(int node) {
      return (rank == null || rank[node] >= fromRank) && (all || filter.accepts(node));
    }
  }

  BeamSearch(KnnGraph graph, int maxEf, int maxVisits) {
    this.graph = graph;
    this.maxEf = maxEf;
    this.maxVisits = maxVisits;
    int cap = Integer.highestOneBit(Math.max(16, maxVisits + 64) * 2 - 1) << 1;
    this.visitedKeys = new int[cap];
    this.visitedStamps = new int[cap];
    this.visitedMask = cap - 1;
    // Each scored node enters the candidate heap at most once.
    this.candNodes = new int[maxVisits + 64];
    this.candScores = new float[maxVisits + 64];
    this.resNodes = new int[maxEf];
    this.resScores = new float[maxEf];
  }

  /**
   * Searches from {@code seeds[0..seedCount)}.
   *
   * @param ef how many eligible results to keep (1..maxEf): the beam width
   * @return how many results are available through {@link #resultNode}/{@link #resultScore}
   */
  int search(FlatVectors scorer, float[] query, int[] seeds, int seedCount, int ef, Eligibility eligibility) {
    return search(scorer, query, seeds, seedCount, ef, eligibility, null);
  }

  /**
   * Like {@link #search}, also offering every eligible node to {@code sink} as it is found, and
   * never expanding or keeping a node that scores below the sink's current threshold (its k-th
   * best): such a node cannot enter the answer, and the walk stops once no candidate can. Used by
   * recommendations, where an exact scan has already filled the sink with the best long vectors.
   */
  int search(FlatVectors scorer, float[] query, int[] seeds, int seedCount, int ef, Eligibility eligibility,
      TopKCollector sink) {
    this.sink = sink;
    assert ef >= 1 && ef <= maxEf : "ef " + ef + " outside 1.." + maxEf;
    if (++gen == 0) {
      Arrays.fill(visitedStamps, 0);
      gen = 1;
    }
    candSize = 0;
    resSize = 0;
    visited = 0;
    for (int i = 0; i < seedCount && visited < maxVisits; i++) {
      int s = seeds[i];
      if (markVisited(s)) {
        consider(s, scorer.score(query, s), ef, eligibility);
      }
    }
    int[] adj = graph.neighbors();
    int degree = graph.degree();
    while (candSize > 0 && visited < maxVisits) {
      float best = candScores[0];
      if ((resSize >= ef && best < resScores[0]) || (sink != null && best < sink.threshold())) {
        break; // nothing left to expand can improve the results
      }
      int node = candNodes[0];
      popCandidate();
      for (int j = node * degree, end = j + degree; j < end && visited < maxVisits; j++) {
        int nb = adj[j];
        if (nb < 0) {
          break;
        }
        if (markVisited(nb)) {
          consider(nb, scorer.score(query, nb), ef, eligibility);
        }
      }
    }
    return resSize;
  }

  /** Nodes scored by the last search. */
  int visited() {
    return visited;
  }

  /** Result {@code i} of the last search (unordered). */
  int resultNode(int i) {
    return resNodes[i];
  }

  /** The score of result {@code i}. */
  float resultScore(int i) {
    return resScores[i];
  }

  private void consider(int node, float score, int ef, Eligibility eligibility) {
    visited++;
    boolean full = resSize >= ef;
    if ((full && score <= resScores[0]) || (sink != null && score < sink.threshold())) {
      return;
    }
    pushCandidate(node, score);
    if (eligibility.eligible(node)) {
      if (sink != null) {
        sink.offer(node, score);
      }
      if (full) {
        replaceWorstResult(node, score);
      } else {
        pushResult(node, score);
      }
    }
  }

  /** Marks {@code node}; false when it was already visited in this search. */
  private boolean markVisited(int node) {
    int slot = (node * 0x9E3779B9) >>> 7 & visitedMask;
    while (visitedStamps[slot] == gen) {
      if (visitedKeys[slot] == node) {
        return false;
      }
      slot = (slot + 1) & visitedMask;
    }
    visitedStamps[slot] = gen;
    visitedKeys[slot] = node;
    return true;
  }

  private void pushCandidate(int node, float score) {
    int i = candSize++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (candScores[p] >= score) {
        break;
      }
      candNodes[i] = candNodes[p];
      candScores[i] = candScores[p];
      i = p;
    }
    candNodes[i] = node;
    candScores[i] = score;
  }

  private void popCandidate() {
    int last = --candSize;
    int node = candNodes[last];
    float score = candScores[last];
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= candSize) {
        break;
      }
      int r = l + 1;
      int w = r < candSize && candScores[r] > candScores[l] ? r : l;
      if (score >= candScores[w]) {
        break;
      }
      candNodes[i] = candNodes[w];
      candScores[i] = candScores[w];
      i = w;
    }
    candNodes[i] = node;
    candScores[i] = score;
  }

  private void pushResult(int node, float score) {
    int i = resSize++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (resScores[p] <= score) {
        break;
      }
      resNodes[i] = resNodes[p];
      resScores[i] = resScores[p];
      i = p;
    }
    resNodes[i] = node;
    resScores[i] = score;
  }

  private void replaceWorstResult(int node, float score) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= resSize) {
        break;
      }
      int r = l + 1;
      int w = r < resSize && resScores[r] < resScores[l] ? r : l;
      if (score <= resScores[w]) {
        break;
      }
      resNodes[i] = resNodes[w];
      resScores[i] = resScores[w];
      i = w;
    }
    resNodes[i] = node;
    resScores[i] = score;
  }
}
