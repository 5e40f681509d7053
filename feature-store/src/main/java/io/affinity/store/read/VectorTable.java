package io.affinity.store.read;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Dense vectors of one side of a space, in memory: ordinal {@code i} has id {@code ids[i]} and
 * vector {@code data[i*dim .. (i+1)*dim)}. Row-major flat storage keeps scans cache-friendly and
 * allocation-free.
 *
 * <p>Immutable after construction (callers must not mutate the arrays they get); thread-safe.
 */
public final class VectorTable {
  private final String[] ids;
  private final float[] data;
  private final int dim;
  private final Map<String, Integer> ordinals;

  /**
   * Wraps the arrays without copying.
   *
   * @throws IllegalArgumentException when sizes disagree or an id repeats
   */
  public VectorTable(String[] ids, float[] data, int dim) {
    this.ids = Objects.requireNonNull(ids, "ids");
    this.data = Objects.requireNonNull(data, "data");
    if (dim <= 0 || (long) ids.length * dim != data.length) {
      throw new IllegalArgumentException("expected " + ids.length + " x " + dim + " floats, got "
          + data.length);
    }
    this.dim = dim;
    this.ordinals = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (ordinals.put(ids[i], i) != null) {
        throw new IllegalArgumentException("duplicate id '" + ids[i] + "'");
      }
    }
  }

  /** Number of vectors. */
  public int size() {
    return ids.length;
  }

  /** Vector dimension. */
  public int dim() {
    return dim;
  }

  /** The id of ordinal {@code i}. */
  public String id(int i) {
    return ids[i];
  }

  /** The ordinal of {@code id}, or -1. */
  public int ordinal(String id) {
    Integer o = ordinals.get(id);
    return o == null ? -1 : o;
  }

  /** The backing row-major array (shared, do not mutate). */
  public float[] data() {
    return data;
  }

  /** A copy of ordinal {@code i}'s vector. */
  public float[] vector(int i) {
    return Arrays.copyOfRange(data, i * dim, (i + 1) * dim);
  }
}
