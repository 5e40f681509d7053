package io.affinity.serving.metrics;

import java.util.Locale;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A fixed-bucket latency histogram in seconds, rendered as a Prometheus histogram. Thread-safe. */
final class Histogram {
  /** Upper bounds in seconds, from 100 µs to 2.5 s. */
  static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
      0.25, 0.5, 1, 2.5};
  private final LongAdder[] buckets = new LongAdder[BOUNDS.length];
  private final LongAdder count = new LongAdder();
  private final DoubleAdder sum = new DoubleAdder();

  Histogram() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  void observe(double seconds) {
    for (int i = 0; i < BOUNDS.length; i++) {
      if (seconds <= BOUNDS[i]) {
        buckets[i].increment();
        break;
      }
    }
    count.increment();
    sum.add(seconds);
  }

  /** Appends the cumulative buckets, sum and count; {@code labels} is e.g. {@code route="/x",}. */
  void render(StringBuilder out, String name, String labels) {
    long cumulative = 0;
    for (int i = 0; i < BOUNDS.length; i++) {
      cumulative += buckets[i].sum();
      out.append(name).append("_bucket{").append(labels).append("le=\"").append(format(BOUNDS[i]))
          .append("\"} ").append(cumulative).append('\n');
    }
    String bare = labels.endsWith(",") ? labels.substring(0, labels.length() - 1) : labels;
    out.append(name).append("_bucket{").append(labels).append("le=\"+Inf\"} ").append(count.sum()).append('\n');
    out.append(name).append("_sum{").append(bare).append("} ").append(format(sum.sum())).append('\n');
    out.append(name).append("_count{").append(bare).append("} ").append(count.sum()).append('\n');
  }

  static String format(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }
}
