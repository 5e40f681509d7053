package io.affinity.jobs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where a run's checkpoints go, decided before any work. */
class CheckpointsTest {
  private static final String CLUSTER = "spark://master:7077";

  @Test
  void a_local_master_uses_its_temporary_directory_unless_told() {
    assertNull(Checkpoints.resolve(true, "local[2]", null, "/data/store", "local-1"));
    assertEquals("hdfs://nn/ckpt/local-1", Checkpoints.resolve(true, "local[2]", "hdfs://nn/ckpt/", null, "local-1"));
  }

  @Test
  void a_cluster_uses_the_flag_or_the_store_on_a_hadoop_file_system() {
    assertEquals("file:///mnt/shared/ckpt/app-7", Checkpoints.resolve(false, CLUSTER, "file:///mnt/shared/ckpt",
        "/mnt/shared/store", "app-7"));
    assertEquals("s3a://bucket/store/_checkpoints/app-7", Checkpoints.resolve(false, CLUSTER, null,
        "s3a://bucket/store/", "app-7"));
    assertEquals("hdfs://nn/affinity/store/_checkpoints/app-7", Checkpoints.resolve(false, CLUSTER, null,
        "hdfs://nn/affinity/store", "app-7"));
  }

  @Test
  void a_cluster_with_nothing_shared_fails_naming_the_setting() {
    var e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.resolve(false, CLUSTER, null,
        "/data/store", "app-7"));
    assertTrue(e.getMessage().contains("--checkpoint-dir is required on a cluster (master " + CLUSTER + ")"),
        e.getMessage());
    assertTrue(e.getMessage().contains("the store /data/store is a local path"), e.getMessage());
    var tune = assertThrows(IllegalArgumentException.class, () -> Checkpoints.resolve(false, CLUSTER, null, null,
        "app-7"));
    assertTrue(tune.getMessage().startsWith("--checkpoint-dir is required"), tune.getMessage());
  }
}
