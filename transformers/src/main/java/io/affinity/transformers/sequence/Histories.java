package io.affinity.transformers.sequence;

import java.util.Arrays;

/**
 * Turns item histories (0-based item indices, oldest first) into the model's fixed-length,
 * left-padded token windows (token = index + 1, 0 = padding).
 */
final class Histories {
  private Histories() {}

  /** The last {@code len} items of {@code items[0..end)} as tokens, left-padded. */
  static int[] window(int[] items, int end, int len) {
    int[] out = new int[len];
    int from = Math.max(0, end - len);
    int pad = len - (end - from);
    for (int x = from; x < end; x++) {
      out[pad + x - from] = items[x] + 1;
    }
    return out;
  }

  /**
   * A training example ending at {@code end} (exclusive, &gt;= 2): inputs are the tokens of
   * {@code items[.. end - 1)}, targets the tokens that follow each input.
   */
  static void example(int[] items, int end, int len, int[] input, int[] target) {
    Arrays.fill(input, 0);
    Arrays.fill(target, 0);
    int from = Math.max(0, end - 1 - len);
    int n = end - 1 - from;
    int pad = len - n;
    for (int x = 0; x < n; x++) {
      input[pad + x] = items[from + x] + 1;
      target[pad + x] = items[from + x + 1] + 1;
    }
  }
}
