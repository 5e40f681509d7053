package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.jobs.ingest.ImportReport;
import io.affinity.jobs.ingest.MovieLensImporter;
import io.affinity.jobs.testing.Datasets;
import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.util.Progress;
import io.affinity.store.manifest.Manifest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import ml-latest-small and train with the default parameters, as the README's "done when" asks.
 * Falls back to generated data (and says so) when the dataset is absent.
 */
class MovieLensTrainIT {
  @TempDir Path tmp;

  @Test
  void import_then_train_publishes_a_snapshot_where_als_beats_popularity() {
    Optional<Path> ml = Datasets.mlLatestSmall();
    Path data = tmp.resolve("data");
    long expectedRows;
    if (ml.isPresent()) {
      System.out.println("using MovieLens ml-latest-small at " + ml.get());
      ImportReport r = MovieLensImporter.importDir(ml.get(), data);
      assertEquals(100_836, r.interactions());
      assertEquals(0, r.rejectedTotal());
      expectedRows = r.interactions();
    } else {
      System.out.println("ml-latest-small not found: FALLING BACK to the synthetic generator");
      expectedRows = new SyntheticGenerator(GeneratorConfig.of(610, 9_000, 100_000, 42)).write(data).interactions();
    }
    TrainConfig cfg = TrainConfig.defaults(data.resolve("interactions").toString(),
        data.resolve("items").toString(), tmp.resolve("store"));
    Manifest m = TrainJob.run(LocalSpark.get(), cfg, new Progress(System.out, TrainJob.STAGES)).manifest();
    double als = m.evaluation().metric("als", "ndcg@10");
    double pop = m.evaluation().metric("popularity", "ndcg@10");
    double knn = m.evaluation().metric("item_knn", "ndcg@10");
    System.out.printf("NDCG@10: als %s, popularity %s, item-kNN %s%n", als, pop, knn);
    assertTrue(als > pop, "ALS " + als + " must beat popularity " + pop);
    if (ml.isPresent()) {
      // Pinned (issue 18): moving scoring and baselines into executors must not change a bit of them.
      assertEquals(0.350108061198023, als, 0.0, "ALS ndcg@10");
      assertEquals(0.18845949151370003, pop, 0.0, "popularity ndcg@10");
      assertEquals(0.31922237116873997, knn, 0.0, "item-kNN ndcg@10");
    }
    assertEquals(expectedRows, m.inputs().get(0).rowsKept());
  }
}
