package io.affinity.bench.serving;

import java.util.Arrays;
import java.util.Locale;

/** Collects per-operation latencies in nanoseconds and reports percentiles. */
final class Latencies {
  private final long[] nanos;
  private int n;

  Latencies(int capacity) {
    nanos = new long[capacity];
  }

  void add(long ns) {
    nanos[n++] = ns;
  }

  double percentileMicros(double p) {
    long[] s = Arrays.copyOf(nanos, n);
    Arrays.sort(s);
    return s[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)] / 1e3;
  }

  String summary() {
    return String.format(Locale.ROOT, "p50 %8.1f us  p99 %8.1f us  (n=%d)", percentileMicros(50),
        percentileMicros(99), n);
  }
}
