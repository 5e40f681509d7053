package io.affinity.jobs.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.eval.SplitSpec;
import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.train.AlsParams;
import io.affinity.jobs.train.TrainConfig;
import io.affinity.jobs.train.TrainJob;
import io.affinity.jobs.util.Progress;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.read.VectorTable;
import io.affinity.transformers.sequence.SequenceConfig;
import io.affinity.transformers.sequence.SequenceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequence space end to end on local[2] Spark: trained on the driver, evaluated against ALS on
 * the same leave-last-out split, vectors computed in executors equal the driver's, and the snapshot
 * carries the SavedModel, both vector tables and the ANN graphs.
 */
class SequenceSpaceIT {
  private static final SequenceConfig SMALL = new SequenceConfig(16, 1, 2, 20, 1, 64, 300, 0.005f, 0.1f, 100, 2, 42);
  @TempDir Path tmp;

  @Test
  void the_sequence_space_is_trained_evaluated_and_published() throws Exception {
    Path data = tmp.resolve("gen");
    new SyntheticGenerator(GeneratorConfig.of(300, 400, 12_000, 5)).write(data);
    TrainConfig cfg = TrainConfig.defaults(data.resolve("interactions").toString(), null, tmp.resolve("store"))
        .withAls(new AlsParams(8, 0.1, 0.3, 5, 42)).withSplit(SplitSpec.leaveLastOut()).withSequence(SMALL);
    Manifest m = TrainJob.run(LocalSpark.get(), cfg, new Progress(System.out, TrainJob.STAGES)).manifest();

    assertTrue(m.evaluation().models().containsKey("sequence"), "evaluated on the same split as ALS");
    double seq = m.evaluation().metric("sequence", "ndcg@10");
    double pop = m.evaluation().metric("popularity", "ndcg@10");
    assertTrue(seq > pop, "the sequence model beats popularity on leave-last-out: " + seq + " vs " + pop);
    assertEquals(16, m.space("sequence").orElseThrow().dimension());
    assertTrue(m.index("sequence", IndexInfo.GRAPH).isPresent(), "the sequence space has its neighbour graph");
    assertTrue(m.files().stream().anyMatch(f -> f.path().equals("sequence/model/saved_model.pb")),
        "the SavedModel is inside the snapshot and checksummed");
    assertTrue(m.files().stream().noneMatch(f -> f.path().startsWith("_work")), "no evaluation leftovers");
    assertTrue(m.evaluation().models().containsKey("hybrid"), "the blend is evaluated on the same split");
    double w = ((Number) m.parameters().get("hybridAlsWeight")).doubleValue();
    assertTrue(w >= 0 && w <= 1, "weight " + w);
    assertEquals(8 + 16, m.space("hybrid").orElseThrow().dimension(), "ALS and sequence vectors side by side");
    double hybrid = m.evaluation().metric("hybrid", "ndcg@10");
    double als = m.evaluation().metric("als", "ndcg@10");
    if (w == 1.0) {
      assertEquals(als, hybrid, 1e-6, "w = 1 is ALS alone");
    } else if (w == 0.0) {
      assertEquals(seq, hybrid, 1e-6, "w = 0 is the sequence model alone");
    }

    // The served space: the best of als, hybrid and sequence on the validation split (ties to the
    // simpler), recorded with its reason and first in the manifest (a server's default).
    @SuppressWarnings("unchecked")
    Map<String, Object> served = (Map<String, Object>) m.parameters().get("servedSpace");
    @SuppressWarnings("unchecked")
    Map<String, Number> validation = (Map<String, Number>) served.get("validation");
    String best = null;
    for (String c : List.of("als", "hybrid", "sequence")) {
      if (best == null || validation.get(c).doubleValue() > validation.get(best).doubleValue()) {
        best = c;
      }
    }
    assertEquals(best, served.get("space"), served.toString());
    assertEquals(best, m.spaces().get(0).name(), "the served space is the manifest's first");
    assertTrue(validation.get("hybrid").doubleValue() >= validation.get("als").doubleValue() - 1e-12,
        "the weight grid holds w = 1 (ALS alone), so the hybrid is never below ALS on validation: " + validation);
    assertTrue(((String) served.get("reason")).contains("validation split carved from the train side"));

    SnapshotStore store = new SnapshotStore(tmp.resolve("store"));
    Snapshot snap = store.openCurrent().orElseThrow();
    VectorTable users = snap.vectors("sequence", true);
    assertEquals(snap.vectors("als", true).size(), users.size(), "every user has a sequence vector");
    Path model = tmp.resolve("store/snapshots").resolve(m.snapshotId()).resolve("sequence/model");
    assertTrue(Files.exists(model.resolve("saved_model.pb")));

    // Executor inference equals driver inference on the same histories.
    List<Row> hist = SequenceVectors.histories(LocalSpark.get().read().parquet(data.resolve("interactions").toString())
        .selectExpr("user_id", "item_id", "ts").groupBy("user_id", "item_id").agg(
            org.apache.spark.sql.functions.max("ts").as("last_ts"))
        .join(index(snap.vectors("sequence", false), "item_id", "i"), "item_id")
        .join(index(users, "user_id", "u"), "user_id")).limit(25).collectAsList();
    Map<Integer, int[]> byUser = new HashMap<>();
    for (Row r : hist) {
      byUser.put(r.getInt(0), r.<Integer>getList(1).stream().mapToInt(Integer::intValue).toArray());
    }
    try (SequenceModel driver = SequenceModel.load(model)) {
      for (var e : byUser.entrySet()) {
        float[] here = driver.userVectors(new int[][] {e.getValue()})[0];
        float[] there = users.vector(e.getKey());
        for (int d = 0; d < here.length; d++) {
          assertEquals(here[d], there[d], 1e-5f, "user row " + e.getKey() + " dim " + d);
        }
      }
    }
  }

  /** The snapshot's row order of a vector table as a (label, index) table, i.e. the job's index. */
  private static org.apache.spark.sql.Dataset<Row> index(VectorTable t, String idColumn, String indexColumn) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int x = 0; x < t.size(); x++) {
      rows.add(org.apache.spark.sql.RowFactory.create(t.id(x), x));
    }
    return LocalSpark.get().createDataFrame(rows, new org.apache.spark.sql.types.StructType()
        .add(idColumn, "string").add(indexColumn, "int"));
  }
}
