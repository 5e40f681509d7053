package io.affinity.store.read;

import java.util.Arrays;
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
  /** Open-addressing id → ordinal table (linear probing, power-of-two size, load ≤ 0.5). */
  private final int[] slots;
  private final int mask;

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
    int capacity = Integer.highestOneBit(Math.max(2, ids.length) * 2 - 1) << 1;
    this.slots = new int[capacity];
    this.mask = capacity - 1;
    java.util.Arrays.fill(slots, -1);
    for (int i = 0; i < ids.length; i++) {
      String id = Objects.requireNonNull(ids[i], "id of row " + i);
      int slot = spread(id.hashCode()) & mask;
      while (slots[slot] >= 0) {
        if (ids[slots[slot]].equals(id)) {
          throw new IllegalArgumentException("duplicate id '" + id + "'");
        }
        slot = (slot + 1) & mask;
      }
      slots[slot] = i;
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
    if (id == null) {
      return -1;
    }
    for (int slot = spread(id.hashCode()) & mask; slots[slot] >= 0; slot = (slot + 1) & mask) {
      if (ids[slots[slot]].equals(id)) {
        return slots[slot];
      }
    }
    return -1;
  }

  /** Mixes the hash's high bits into the low ones (ids like "i123" differ mostly in low digits). */
  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
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
