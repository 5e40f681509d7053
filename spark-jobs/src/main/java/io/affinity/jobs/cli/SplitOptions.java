package io.affinity.jobs.cli;

import io.affinity.jobs.eval.SplitSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** The evaluation-split flags shared by {@code train} and {@code tune} (a picocli mixin). */
final class SplitOptions {
  @Option(names = "--split", defaultValue = "random",
      description = "evaluation split: random (per-user holdout), last (leave-last-out per user), time (global cut at --split-time); default ${DEFAULT-VALUE}")
  String split;

  @Option(names = "--test-fraction", defaultValue = "0.2",
      description = "with --split random: per-user holdout share (default ${DEFAULT-VALUE})")
  double testFraction;

  @Option(names = "--split-time", paramLabel = "INSTANT",
      description = "with --split time: the cut, ISO-8601 (e.g. 2018-01-01T00:00:00Z)")
  String splitTime;

  @Option(names = "--eval-users", defaultValue = "100000",
      description = "evaluate at most this many users; beyond it a deterministic hash sample, with bootstrap"
          + " confidence intervals in the manifest and report (default ${DEFAULT-VALUE})")
  long evalUsers;

  /** The split the flags describe; a bad instant is an error naming it. */
  SplitSpec spec() {
    Instant cut = null;
    if (splitTime != null) {
      try {
        cut = Instant.parse(splitTime);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--split-time must be an ISO-8601 instant like 2018-01-01T00:00:00Z, got '"
            + splitTime + "'");
      }
    }
    return new SplitSpec(split, testFraction, cut, evalUsers);
  }
}
