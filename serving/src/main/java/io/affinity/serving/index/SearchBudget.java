package io.affinity.serving.index;

/**
 * How much work one graph search may do, validated once at start-up.
 *
 * @param efSearch the beam: eligible candidates each walk keeps (at least {@code k}), 1..10,000
 *     (default 100)
 * @param maxVisits the most item vectors one walk scores, &gt;= efSearch (default 20,000: about 1 to
 *     3 ms of work at worst, whatever the request)
 * @param headRows recommendations first scan this many of the longest item vectors exactly
 *     (default 2,048), see {@link MipsGraphIndex}
 */
public record SearchBudget(int efSearch, int maxVisits, int headRows) {
  /** The defaults (docs/serving.md). */
  public static final SearchBudget DEFAULTS = new SearchBudget(100, 20_000, 2048);

  /** Validates the fields; messages name the flag. */
  public SearchBudget {
    if (efSearch < 1 || efSearch > 10_000) {
      throw new IllegalArgumentException("--ef-search must be in 1..10000, got " + efSearch);
    }
    if (maxVisits < efSearch || maxVisits > 10_000_000) {
      throw new IllegalArgumentException("--max-visits must be in " + efSearch + "..10000000 (at least --ef-search),"
          + " got " + maxVisits);
    }
    if (headRows < 0) {
      throw new IllegalArgumentException("--head-rows must be >= 0, got " + headRows);
    }
  }

  /** The beam for {@code k} results: at least k. */
  int ef(int k) {
    return Math.max(k, efSearch);
  }
}
