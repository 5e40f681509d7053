package io.affinity.serving.index;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Which rows a search may return: every row not in {@code excluded} (ascending, distinct) and, when
 * {@code allowed} is set, only rows whose bit is set there.
 *
 * <p>Immutable by contract: callers never mutate the arrays or the bit set after creating it.
 */
public final class SearchFilter {
  /** No restriction. */
  public static final SearchFilter NONE = new SearchFilter(new int[0], null);
  private final int[] excluded;
  private final BitSet allowed;

  private SearchFilter(int[] excluded, BitSet allowed) {
    this.excluded = excluded;
    this.allowed = allowed;
  }

  /** A filter excluding {@code excludedSorted} (ascending, distinct; not copied). */
  public static SearchFilter excluding(int[] excludedSorted) {
    return excludedSorted.length == 0 ? NONE : new SearchFilter(excludedSorted, null);
  }

  /** This filter, further restricted to the rows set in {@code rows} (not copied). */
  public SearchFilter restrictedTo(BitSet rows) {
    return new SearchFilter(excluded, rows);
  }

  /** Whether {@code row} may be returned. */
  public boolean accepts(int row) {
    return (allowed == null || allowed.get(row)) && Arrays.binarySearch(excluded, row) < 0;
  }

  /** Whether every row is accepted. */
  public boolean acceptsAll() {
    return allowed == null && excluded.length == 0;
  }

  /** The excluded rows, ascending (do not modify). */
  int[] excluded() {
    return excluded;
  }

  /** The allowed rows, or null for all (do not modify). */
  BitSet allowed() {
    return allowed;
  }

  /** How many rows are allowed before exclusions, or -1 when not restricted. */
  public int allowedCount() {
    return allowed == null ? -1 : allowed.cardinality();
  }

  /** How many of the rows {@code 0..size-1} this filter accepts. */
  public int acceptedCount(int size) {
    int excludedInRange = 0;
    for (int row : excluded) {
      if (row >= 0 && row < size && (allowed == null || allowed.get(row))) {
        excludedInRange++;
      }
    }
    int base = allowed == null ? size : allowed.get(0, size).cardinality();
    return base - excludedInRange;
  }

  /** The sorted distinct union of two ascending arrays. */
  public static int[] union(int[] a, int[] b) {
    if (b.length == 0) {
      return a;
    }
    if (a.length == 0) {
      return b;
    }
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      int v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
      if (n == 0 || out[n - 1] != v) {
        out[n++] = v;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
