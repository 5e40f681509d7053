package io.affinity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.manifest.Manifest;
import io.affinity.store.read.SnapshotStore;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code affinity train --tune N} through the command line: N trials run on a validation split
 * before the evaluation, and the snapshot is trained with the best of them (its manifest's
 * parameters are the winner's, not the defaults).
 */
class TrainTuneIT {
  @TempDir Path tmp;

  @Test
  void train_with_tune_trains_with_the_best_trial() throws Exception {
    Path gen = tmp.resolve("gen");
    Jobs.Run g = Jobs.affinity(Jobs.ROOT, "generate", gen.toString(), "--users", "400", "--items", "600", "--events",
        "15000", "--seed", "3");
    assertEquals(0, g.exit(), g.output());
    Jobs.Run r = Jobs.affinity(Jobs.ROOT, "train", "--interactions", gen.resolve("interactions").toString(),
        "--store", tmp.resolve("store").toString(), "--tune", "3", "--tune-minutes", "10", "--max-iter", "4");
    System.out.println(r.output());
    assertEquals(0, r.exit(), r.output());
    Matcher best = Pattern.compile("--tune: best validation ndcg@10 [0-9.]+ after 3 trials with AlsParams\\[rank=(\\d+),"
        + " regParam=([0-9.E-]+), alpha=([0-9.E-]+), maxIter=4").matcher(r.output());
    assertTrue(best.find(), "the tuning result is printed: " + r.output());
    Manifest m = new SnapshotStore(tmp.resolve("store")).openCurrent().orElseThrow().manifest();
    assertEquals(Integer.parseInt(best.group(1)), ((Number) m.parameters().get("rank")).intValue());
    assertEquals(Double.parseDouble(best.group(2)), ((Number) m.parameters().get("regParam")).doubleValue());
    assertEquals(Double.parseDouble(best.group(3)), ((Number) m.parameters().get("alpha")).doubleValue());
    assertEquals(4, ((Number) m.parameters().get("maxIter")).intValue(), "--max-iter is kept");

    Jobs.Run both = Jobs.affinity(Jobs.ROOT, "train", "--interactions", gen.resolve("interactions").toString(),
        "--store", tmp.resolve("store2").toString(), "--tune", "2", "--params", tmp.resolve("x.json").toString());
    assertEquals(2, both.exit(), both.output());
    assertTrue(both.output().contains("--tune and --params both choose the ALS parameters"), both.output());
  }
}
