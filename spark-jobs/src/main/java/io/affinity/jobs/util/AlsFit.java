package io.affinity.jobs.util;

import java.util.Locale;

/**
 * One implicit ALS fit as its Spark jobs show it, for {@link SparkProgress}. MLlib's implicit ALS
 * names the factors of each half-iteration ({@code userFactors-k}, then {@code itemFactors-k} for
 * iteration {@code k}) and computes them in the Spark job that takes their Gramian (YᵀY) for the
 * next half-iteration. So the newest factor name among a fit's finished jobs says how many
 * half-iterations are done: {@code userFactors-1} are the initial factors (0 done),
 * {@code itemFactors-k} make {@code 2k − 1}, {@code userFactors-k} {@code 2k − 2}; the last
 * half-iteration runs in the fit's closing count. A checkpoint job re-reads factors already
 * counted, so it counts nothing. The time per half-iteration so far gives the ETA. Thread-safe
 * (the listener writes, the reporter reads).
 */
final class AlsFit {
  private static final java.util.regex.Pattern FACTORS = java.util.regex.Pattern.compile("(user|item)Factors-(\\d+)");

  final String tag;
  final int iterations;
  private final long startMillis;
  private int newest = -1;
  private long firstEnd;
  private long lastEnd;

  private AlsFit(String tag, int iterations, long startMillis) {
    this.tag = tag;
    this.iterations = iterations;
    this.startMillis = startMillis;
  }

  /** A fit from its tag ({@code <fit number>/<iterations>}, see {@link SparkProgress#alsFitTag}). */
  static AlsFit parse(String tag, long startMillis) {
    int slash = tag.indexOf('/');
    int iterations;
    try {
      iterations = Integer.parseInt(tag.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad ALS fit tag '" + tag + "': expected <fit>/<iterations>", e);
    }
    if (slash < 1 || iterations < 1) {
      throw new IllegalArgumentException("bad ALS fit tag '" + tag + "': expected <fit>/<iterations>");
    }
    return new AlsFit(tag, iterations, startMillis);
  }

  /**
   * The half-iterations done once factors named {@code rddName} exist: 0 for the initial user
   * factors, {@code 2k − 1} for {@code itemFactors-k}, {@code 2k − 2} for {@code userFactors-k};
   * −1 for any other name.
   */
  static int halfIterations(String rddName) {
    java.util.regex.Matcher m = FACTORS.matcher(rddName == null ? "" : rddName);
    if (!m.matches()) {
      return -1;
    }
    int k = Integer.parseInt(m.group(2));
    return m.group(1).equals("item") ? 2 * k - 1 : 2 * k - 2;
  }

  /** A job of the fit finished that computed or read factors worth {@code halfIterations}. */
  synchronized void factorsDone(int halfIterations, long nowMillis) {
    if (halfIterations <= newest) {
      return;
    }
    if (newest < 0) {
      firstEnd = nowMillis;
    }
    newest = halfIterations;
    lastEnd = nowMillis;
  }

  /** Half-iterations (a pass over items or over users) done. */
  synchronized int halfIterationsDone() {
    return Math.max(0, newest);
  }

  /** True once all but the last half-iteration are done (only the closing count is left). */
  synchronized boolean iterationsDone() {
    return newest >= 2 * iterations - 1;
  }

  /** One progress line: the running iteration, elapsed time and the ETA. */
  synchronized String describe(long nowMillis) {
    int done = halfIterationsDone();
    int total = 2 * iterations;
    String elapsed = SparkProgress.duration(nowMillis - startMillis);
    if (done == 0) {
      return String.format(Locale.ROOT, "ALS fit: iteration 1 of %d starting (blocks and initial factors), "
          + "%s elapsed, ETA unknown", iterations, elapsed);
    }
    double perHalf = (double) (lastEnd - firstEnd) / done;
    long eta = Math.max(0, Math.round(perHalf * (total - done)) - (nowMillis - lastEnd));
    return String.format(Locale.ROOT, "ALS fit: iteration %d of %d (%d of %d half-iterations done, %.1fs each), "
        + "%s elapsed, ETA %s", Math.min(iterations, done / 2 + 1), iterations, done, total, perHalf / 1000,
        elapsed, SparkProgress.duration(eta));
  }
}
