package io.affinity.jobs.eval;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * How interactions are split into train and test for evaluation. Recorded in the manifest with
 * the metrics ({@link #describe()}), so numbers from different protocols are never compared.
 *
 * @param kind {@code random} (per-user random holdout of {@code testFraction} of each user's
 *     items), {@code last} (leave-last-out: each user's most recent item), or {@code time} (a
 *     global time cut: every interaction last seen at or after {@code cutoff} is test)
 * @param testFraction for {@code random}: the share held out per user, in (0, 1)
 * @param cutoff for {@code time}: the cut instant
 * @param maxUsers users evaluated at most: beyond it a deterministic hash sample of about this
 *     many is evaluated, with bootstrap confidence intervals (default {@value #DEFAULT_MAX_USERS})
 */
public record SplitSpec(String kind, double testFraction, Instant cutoff, long maxUsers) {
  /** Users evaluated at most by default ({@code --eval-users}). */
  public static final long DEFAULT_MAX_USERS = 100_000;
  /** Who holds out pairs under the per-user rules, as the manifest records it. */
  static final String HELD_OUT_BY = "the evaluated users only: a hash sample when more than maxUsersEvaluated"
      + " users are eligible, every eligible user otherwise";
  /** The default protocol: random per-user 80/20. */
  public static final SplitSpec DEFAULT = random(0.2);

  /** A split evaluating up to {@value #DEFAULT_MAX_USERS} users. */
  public SplitSpec(String kind, double testFraction, Instant cutoff) {
    this(kind, testFraction, cutoff, DEFAULT_MAX_USERS);
  }

  /** Validates the fields; messages name the flag and the bad value. */
  public SplitSpec {
    Objects.requireNonNull(kind, "--split");
    switch (kind) {
      case "random" -> {
        if (!(testFraction > 0 && testFraction < 1)) {
          throw new IllegalArgumentException("--test-fraction must be in (0, 1), got " + testFraction);
        }
      }
      case "last" -> { }
      case "time" -> Objects.requireNonNull(cutoff, "--split time needs --split-time (an ISO-8601 instant)");
      default -> throw new IllegalArgumentException("--split must be random, last or time, got '" + kind + "'");
    }
    if (maxUsers < 1) {
      throw new IllegalArgumentException("--eval-users must be >= 1, got " + maxUsers);
    }
  }

  /** A copy evaluating at most {@code n} users. */
  public SplitSpec withMaxUsers(long n) {
    return new SplitSpec(kind, testFraction, cutoff, n);
  }

  /** Random per-user holdout of {@code fraction}. */
  public static SplitSpec random(double fraction) {
    return new SplitSpec("random", fraction, null);
  }

  /** Leave-last-out per user. */
  public static SplitSpec leaveLastOut() {
    return new SplitSpec("last", 0, null);
  }

  /** A global time cut at {@code cutoff}. */
  public static SplitSpec timeCut(Instant cutoff) {
    return new SplitSpec("time", 0, cutoff);
  }

  /**
   * Splits aggregated interactions (integer {@code u}, {@code i}; timestamp {@code last_ts}, the
   * last time the user touched the item). With the per-user rules, when more users are eligible
   * (two items or more) than {@link #maxUsers} are evaluated, only a deterministic hash sample of
   * about {@code maxUsers} of them ({@link Evaluator#sampled}, {@code seed}) hold out pairs: the
   * others keep all theirs on the train side, which the evaluation would not have used. The time
   * cut holds out every later pair (a later pair of any user would leak the future into the
   * items' training).
   */
  public HoldoutSplit apply(Dataset<Row> interactions, long seed) {
    if (kind.equals("time")) {
      return HoldoutSplit.timeCut(interactions, cutoff);
    }
    long eligible = interactions.groupBy("u").count().filter(functions.col("count").geq(2)).count();
    Column heldOut = functions.lit(true);
    long sampledFrom = -1;
    if (eligible > maxUsers) {
      long keep = (long) Math.ceil((double) maxUsers / eligible * 4294967296.0);
      heldOut = functions.udf((UDF1<Integer, Boolean>) u -> Evaluator.sampled(u, seed, keep), DataTypes.BooleanType)
          .apply(functions.col("u"));
      sampledFrom = eligible;
    }
    return kind.equals("random") ? HoldoutSplit.randomPerUser(interactions, testFraction, seed, heldOut, sampledFrom)
        : HoldoutSplit.leaveLastOut(interactions, heldOut, sampledFrom);
  }

  /**
   * The rule that carves a validation split out of this split's train side: the same rule for a
   * random holdout (applied with seed + 1), leave-last-out otherwise (a time cut already ends the
   * train side, so the latest item per user is the natural validation target).
   */
  public SplitSpec validation() {
    return kind.equals("random") ? this : leaveLastOut().withMaxUsers(maxUsers);
  }

  /** The protocol entries for the manifest. */
  public Map<String, Object> describe(long seed) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("maxUsersEvaluated", maxUsers);
    switch (kind) {
      case "random" -> {
        p.put("split", "random-per-user-holdout");
        p.put("testFraction", testFraction);
        p.put("seed", seed);
        p.put("heldOutBy", HELD_OUT_BY);
      }
      case "last" -> {
        p.put("split", "leave-last-out-per-user");
        p.put("order", "each user's item with the latest last_ts is test (ties: higher item index)");
        p.put("heldOutBy", HELD_OUT_BY);
      }
      default -> {
        p.put("split", "global-time-cut");
        p.put("cutoff", cutoff.toString());
        p.put("rule", "pairs last seen at or after the cutoff are test; users with no train pair are not evaluated");
      }
    }
    return p;
  }

  /** A short human description for progress output. */
  public String label() {
    return switch (kind) {
      case "random" -> String.format(Locale.ROOT, "a %.0f%% per-user random holdout", testFraction * 100);
      case "last" -> "leave-last-out per user";
      default -> "a global time cut at " + cutoff;
    };
  }
}
