package io.affinity.jobs.train;

import java.util.Locale;

/**
 * Where the published ALS vectors come from when the job has evaluated ({@code --final-fit}).
 *
 * <ul>
 *   <li>{@link #REFIT}: a second ALS fit on all data, the evaluated model thrown away. The
 *       published vectors have seen every pair; the metrics describe a sibling model fit
 *       without the held-out pairs. Costs a whole fit.
 *   <li>{@link #FOLD_IN}: the evaluated model's item vectors are published, and every user who
 *       held out pairs gets its vector solved again on all of its pairs against them
 *       ({@link UserFoldIn}: the update ALS itself ends each iteration with). Costs one solve per
 *       evaluated user; the item vectors miss the held-out pairs, and the metrics describe the
 *       published item vectors themselves.
 *   <li>{@link #AUTO} (the default): {@link #FOLD_IN} when the split held out pairs of a sample
 *       of the users only (more users eligible than {@code --eval-users}), so the pairs the
 *       item vectors miss are at most {@code --eval-users × --test-fraction} users' share and
 *       shrink as the log grows; {@link #REFIT} otherwise (a small log, where every user held
 *       out a fifth of their pairs and a second fit is cheap).
 * </ul>
 */
public enum FinalFit {
  /** Fold-in when the evaluation sampled its users, refit otherwise. */
  AUTO,
  /** A second fit on all data. */
  REFIT,
  /** The evaluated item vectors, evaluated users re-solved on all their pairs. */
  FOLD_IN;

  /** The flag's value for this policy. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses {@code auto}, {@code refit} or {@code fold-in}; the error names the bad value. */
  public static FinalFit parse(String s) {
    for (FinalFit f : values()) {
      if (f.flag().equals(s)) {
        return f;
      }
    }
    throw new IllegalArgumentException("--final-fit must be auto, refit or fold-in, got '" + s + "'");
  }

  /** Whether the published vectors reuse the evaluated model, given whether the split sampled its users. */
  public boolean foldsIn(boolean splitSampled) {
    return this == FOLD_IN || (this == AUTO && splitSampled);
  }
}
