package io.affinity.jobs.tune;

import io.affinity.jobs.train.AlsParams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The ALS hyper-parameter values a tuning run may try. {@link #grid()} is every combination in a
 * fixed order; {@link #sample(int, long)} draws combinations without replacement with a seeded
 * shuffle, so the same seed tries the same trials in the same order.
 *
 * @param ranks candidate ranks
 * @param regParams candidate regParams
 * @param alphas candidate alphas
 * @param maxIters candidate iteration counts
 * @param seed the ALS seed every trial uses
 */
public record SearchSpace(List<Integer> ranks, List<Double> regParams, List<Double> alphas,
    List<Integer> maxIters, long seed) {

  /** Defaults around the values that worked on ml-latest-small (see docs/evaluation.md). */
  public static final SearchSpace DEFAULTS = new SearchSpace(List.of(32, 64),
      List.of(0.01, 0.03, 0.1, 0.3, 1.0), List.of(0.1, 0.3, 1.0, 3.0), List.of(15), 42);

  /** Copies the lists and validates each combination's values through {@link AlsParams}. */
  public SearchSpace {
    ranks = List.copyOf(ranks);
    regParams = List.copyOf(regParams);
    alphas = List.copyOf(alphas);
    maxIters = List.copyOf(maxIters);
    if (ranks.isEmpty() || regParams.isEmpty() || alphas.isEmpty() || maxIters.isEmpty()) {
      throw new IllegalArgumentException("every search list needs at least one value: ranks " + ranks
          + ", reg-params " + regParams + ", alphas " + alphas + ", max-iters " + maxIters);
    }
    grid(ranks, regParams, alphas, maxIters, seed);
  }

  /** Every combination: ranks outermost, then regParams, alphas, iterations. */
  public List<AlsParams> grid() {
    return grid(ranks, regParams, alphas, maxIters, seed);
  }

  /** {@code n} distinct combinations in a seeded random order (all of them if fewer exist). */
  public List<AlsParams> sample(int n, long shuffleSeed) {
    List<AlsParams> all = new ArrayList<>(grid());
    Collections.shuffle(all, new Random(shuffleSeed));
    return all.subList(0, Math.min(n, all.size()));
  }

  private static List<AlsParams> grid(List<Integer> ranks, List<Double> regs, List<Double> alphas,
      List<Integer> iters, long seed) {
    List<AlsParams> out = new ArrayList<>();
    for (int r : ranks) {
      for (double reg : regs) {
        for (double a : alphas) {
          for (int it : iters) {
            out.add(new AlsParams(r, reg, a, it, seed));
          }
        }
      }
    }
    return out;
  }
}
