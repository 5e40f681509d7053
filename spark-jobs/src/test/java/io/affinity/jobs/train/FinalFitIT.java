package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.eval.SplitSpec;
import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.util.Progress;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.read.VectorTable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FinalFit}: with more users eligible than are evaluated, only the evaluated sample holds
 * out pairs and the default publishes the evaluated model with those users folded in; with
 * {@code refit}, a second fit on all data. Either way every published user vector is the ALS user
 * update of all that user's pairs against the published item vectors (what the server's real-time
 * fold-in assumes), checked against a plain solve of the normal equations from the snapshot's own
 * known items and confidences.
 */
class FinalFitIT {
  private static final AlsParams ALS = new AlsParams(8, 0.1, 0.3, 5, 42);
  @TempDir Path tmp;

  @Test
  void a_sampled_evaluation_publishes_the_evaluated_model_with_its_users_folded_in() {
    Path data = tmp.resolve("gen");
    new SyntheticGenerator(GeneratorConfig.of(400, 300, 16_000, 11)).write(data);
    TrainConfig cfg = TrainConfig.defaults(data.resolve("interactions").toString(), null, tmp.resolve("a"))
        .withAls(ALS).withSplit(SplitSpec.DEFAULT.withMaxUsers(100));
    Manifest folded = TrainJob.run(LocalSpark.get(), cfg, new Progress(System.out, TrainJob.STAGES)).manifest();
    Manifest refit = TrainJob.run(LocalSpark.get(), cfg.withStore(tmp.resolve("b")).withFinalFit(FinalFit.REFIT),
        new Progress(System.out, TrainJob.STAGES)).manifest();

    Map<String, Object> p = folded.evaluation().protocol();
    assertEquals("auto", folded.parameters().get("finalFit"));
    assertTrue(String.valueOf(p.get("fit")).startsWith("the published item vectors are the evaluated model's"),
        "auto folded in: " + p.get("fit"));
    long evaluated = ((Number) p.get("usersEvaluated")).longValue();
    long eligible = ((Number) p.get("usersEligible")).longValue();
    assertTrue(evaluated < 150 && eligible > 350, "a sample of about 100 of the ~400 eligible users: " + evaluated
        + " of " + eligible);
    long test = ((Number) p.get("testPairs")).longValue();
    long train = ((Number) p.get("trainPairs")).longValue();
    assertTrue(test < 0.1 * (test + train), "only the sample held out pairs: " + test + " of " + (test + train));
    assertTrue(String.valueOf(refit.evaluation().protocol().get("fit")).endsWith("refit on all data (--final-fit refit)"));
    assertEquals(folded.evaluation().models(), refit.evaluation().models(),
        "the same split and evaluated fit: the same metrics, whatever is published after");

    for (Path store : List.of(tmp.resolve("a"), tmp.resolve("b"))) {
      Snapshot snap = new SnapshotStore(store).openCurrent().orElseThrow();
      double worst = worstUserUpdate(snap);
      System.out.printf("FinalFitIT: %s: largest difference from the user update %.2e%n", store.getFileName(), worst);
      assertTrue(worst < 1e-3, store + ": a published user vector is not the update of its pairs: " + worst);
    }
  }

  /** The largest relative difference between a published user vector and its solve from the snapshot. */
  private static double worstUserUpdate(Snapshot snap) {
    VectorTable users = snap.vectors("als", true);
    VectorTable items = snap.vectors("als", false);
    int k = items.dim();
    double[][] gram = new double[k][k];
    for (int j = 0; j < items.size(); j++) {
      float[] y = items.vector(j);
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          gram[a][b] += (double) y[a] * y[b];
        }
      }
    }
    Map<String, List<String>> known = new HashMap<>();
    snap.forEachKnownItems(r -> known.put(r.userId(), r.itemIds()));
    double[] worst = {0};
    int[] checked = {0};
    snap.forEachConfidence(r -> {
      List<String> ids = known.get(r.id());
      double[][] a = new double[k][k + 1];
      int positive = 0;
      for (int x = 0; x < k; x++) {
        System.arraycopy(gram[x], 0, a[x], 0, k);
      }
      for (int j = 0; j < ids.size(); j++) {
        int o = items.ordinal(ids.get(j));
        if (o < 0) {
          continue; // an item seen only in held-out pairs: no vector
        }
        float[] y = items.vector(o);
        double c1 = ALS.alpha() * Math.abs(r.vector()[j]);
        positive += r.vector()[j] > 0 ? 1 : 0;
        for (int x = 0; x < k; x++) {
          for (int z = 0; z < k; z++) {
            a[x][z] += c1 * y[x] * y[z];
          }
          a[x][k] += r.vector()[j] > 0 ? (1 + c1) * y[x] : 0;
        }
      }
      for (int x = 0; x < k; x++) {
        a[x][x] += ALS.regParam() * positive;
      }
      double[] solved = gauss(a, k);
      float[] published = users.vector(users.ordinal(r.id()));
      for (int x = 0; x < k; x++) {
        worst[0] = Math.max(worst[0], Math.abs(published[x] - solved[x]) / (1 + Math.abs(solved[x])));
      }
      checked[0]++;
    });
    assertEquals(users.size(), checked[0], "every published user checked");
    return worst[0];
  }

  /** Solves the augmented system {@code a} ({@code k × (k + 1)}) by elimination with partial pivoting. */
  private static double[] gauss(double[][] a, int k) {
    for (int c = 0; c < k; c++) {
      int pivot = c;
      for (int r = c + 1; r < k; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = a[c];
      a[c] = a[pivot];
      a[pivot] = t;
      for (int r = c + 1; r < k; r++) {
        double f = a[r][c] / a[c][c];
        for (int z = c; z <= k; z++) {
          a[r][z] -= f * a[c][z];
        }
      }
    }
    double[] x = new double[k];
    for (int r = k - 1; r >= 0; r--) {
      double s = a[r][k];
      for (int z = r + 1; z < k; z++) {
        s -= a[r][z] * x[z];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }
}
