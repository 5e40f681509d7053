package io.affinity.bench.serving;

import io.affinity.store.ann.GraphParams;
import java.nio.file.Path;

/**
 * Gives a store trained with {@code --no-ann} a neighbour graph: publishes and promotes a copy of
 * its current snapshot with the {@code als} graph built on every core (the benchmarks then share
 * one graph instead of building it each). Does nothing when the snapshot has one.
 *
 * <p>Usage: {@code AddGraph STORE}
 */
public final class AddGraph {
  private AddGraph() {}

  /** Runs it. */
  public static void main(String[] args) {
    var m = BenchStore.withGraph(Path.of(args[0]), GraphParams.DEFAULTS.withThreads(
        Runtime.getRuntime().availableProcessors()));
    System.out.println("  " + args[0] + ": snapshot " + m.snapshotId() + " has its graph");
  }
}
