package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.util.Progress;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.privacy.Pseudonymizer;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotStore;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --pseudonymize-users}: no raw user id in any table of the snapshot or in the
 * quarantine, each user under the same pseudonym the server computes.
 */
class PseudonymIT {
  @TempDir Path tmp;

  @Test
  void the_store_and_the_quarantine_hold_pseudonyms_only() {
    Path data = tmp.resolve("gen");
    new SyntheticGenerator(GeneratorConfig.of(150, 200, 3_000, 9)).write(data);
    String log = data.resolve("interactions").toString();
    // Two bad rows, so the quarantine has something to hold.
    StructType schema = LocalSpark.get().read().parquet(log).schema();
    List<Row> bad = List.of(RowFactory.create("bad-user-1", "i1", "view", -1.0, null),
        RowFactory.create("bad-user-2", null, "view", 1.0, null));
    LocalSpark.get().createDataFrame(bad, new StructType().add("user_id", DataTypes.StringType)
            .add("item_id", DataTypes.StringType).add("event_type", DataTypes.StringType)
            .add("weight", DataTypes.DoubleType).add("ts", schema.apply("ts").dataType()))
        .write().mode(SaveMode.Append).parquet(log);
    Set<String> raw = new HashSet<>();
    LocalSpark.get().read().parquet(log).select("user_id").distinct().collectAsList().forEach(r -> raw.add(r.getString(0)));

    Pseudonymizer key = new Pseudonymizer("0123456789abcdef0123456789abcdef");
    TrainConfig d = TrainConfig.defaults(log, null, tmp.resolve("store"));
    TrainConfig cfg = new TrainConfig(log, null, tmp.resolve("store"), new AlsParams(8, 0.1, 1.0, 5, 42), null, false,
        d.split(), d.k(), true, null, false, null, d.gate(), null, null).withPseudonyms(key);
    Manifest m = TrainJob.run(LocalSpark.get(), cfg, new Progress(System.out, TrainJob.STAGES)).manifest();
    assertEquals(Map.of("scheme", "HMAC-SHA256/128", "keyCheck", key.keyCheck()), m.parameters().get("pseudonymizedUsers"));

    Snapshot snap = new SnapshotStore(tmp.resolve("store")).openCurrent().orElseThrow();
    var users = snap.vectors("als", true);
    for (int u = 0; u < users.size(); u++) {
      assertTrue(users.id(u).startsWith("p-") && !raw.contains(users.id(u)), users.id(u));
    }
    String someone = raw.stream().filter(id -> !id.startsWith("bad-")).sorted().findFirst().orElseThrow();
    assertTrue(users.ordinal(key.apply(someone)) >= 0, someone + " is found under the pseudonym the server computes");
    snap.forEachKnownItems(r -> assertFalse(raw.contains(r.userId()), r.userId()));
    snap.forEachConfidence(r -> assertFalse(raw.contains(r.id()), r.id()));
    String quarantine = m.inputs().get(0).rowsDropped().isEmpty() ? null
        : tmp.resolve("store").resolve("_quarantine").resolve(m.snapshotId()).toString();
    assertTrue(quarantine != null, "the bad rows were quarantined");
    List<Row> q = LocalSpark.get().read().parquet(quarantine).select("user_id").collectAsList();
    assertEquals(2, q.size());
    for (Row r : q) {
      assertTrue(r.getString(0).startsWith("p-") && !raw.contains(r.getString(0)), r.getString(0));
    }
  }
}
