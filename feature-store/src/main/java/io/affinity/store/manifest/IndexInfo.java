package io.affinity.store.manifest;

import java.util.Map;
import java.util.Objects;

/**
 * An ANN index stored in a snapshot.
 *
 * @param space the embedding space it indexes (its item vectors, ordinal = table row)
 * @param purpose {@link #RECOMMEND} (maximum inner product over raw vectors) or {@link #SIMILAR}
 *     (cosine)
 * @param path the index file, relative to the snapshot root
 * @param algorithm how it was built, e.g. {@code jvector-graph}
 * @param dimension the dimension of the indexed (transformed) vectors
 * @param maxNorm for {@code recommend}: the largest raw item norm used by the MIPS transform
 * @param nodes the number of indexed vectors
 * @param params the construction parameters
 */
public record IndexInfo(
    String space, String purpose, String path, String algorithm, int dimension, float maxNorm, long nodes,
    Map<String, Object> params) {
  /** Index for user → item recommendations. */
  public static final String RECOMMEND = "recommend";
  /** Index for item → item similarity. */
  public static final String SIMILAR = "similar";

  /** Validates the fields. */
  public IndexInfo {
    Objects.requireNonNull(space, "space");
    if (!RECOMMEND.equals(purpose) && !SIMILAR.equals(purpose)) {
      throw new IllegalArgumentException("index purpose must be 'recommend' or 'similar', got '" + purpose + "'");
    }
    ManifestPaths.requireRelative(path);
    if (dimension <= 0 || nodes < 0) {
      throw new IllegalArgumentException("index " + path + ": dimension must be > 0 and nodes >= 0");
    }
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
