package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.sequence.SequenceVectors;
import io.affinity.jobs.testing.LocalSpark;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The train job's {@code spark.affinity.*} settings that bound work on the driver or size tasks
 * (docs/scaling.md): each falls back to its default, takes a set value, and refuses a bad one with
 * an error naming the setting and the value (a number format exception from deep inside a stage
 * named neither).
 */
class JobSettingsIT {
  private record Setting(String name, ToLongFunction<SparkSession> read, long fallback) {}

  @Test
  void each_setting_has_its_default_takes_a_value_and_refuses_bad_ones_by_name() {
    SparkSession spark = LocalSpark.get();
    List<Setting> settings = List.of(
        new Setting(Als.BLOCKS_CONF, Als::blocks, spark.sparkContext().defaultParallelism()),
        new Setting(EvaluationStage.KNN_USER_CAP_CONF, EvaluationStage::knnUserCap, EvaluationStage.KNN_USER_CAP),
        new Setting(SequenceVectors.TRAIN_USERS_CONF, SequenceSpace::trainUsers, SequenceVectors.DEFAULT_TRAIN_USERS),
        new Setting(ContentEncoding.TRAIN_ITEMS_CONF, ContentEncoding::trainItems, ContentEncoding.DEFAULT_TRAIN_ITEMS),
        new Setting(TableExport.ANN_THREADS_CONF, TableExport::annThreads, 1));
    for (Setting s : settings) {
      try {
        spark.conf().unset(s.name());
        assertEquals(s.fallback(), s.read().applyAsLong(spark), s.name() + " default");
        spark.conf().set(s.name(), "7");
        assertEquals(7, s.read().applyAsLong(spark), s.name() + " set");
        for (String bad : List.of("0", "-3", "many", "1e3")) {
          spark.conf().set(s.name(), bad);
          var e = assertThrows(IllegalArgumentException.class, () -> s.read().applyAsLong(spark), s.name() + "=" + bad);
          assertTrue(e.getMessage().contains(s.name()) && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
      } finally {
        spark.conf().unset(s.name());
      }
    }
    assertTrue(spark.sparkContext().defaultParallelism() > 1, "ALS gets a block per core, not MLlib's fixed 10");
  }
}
