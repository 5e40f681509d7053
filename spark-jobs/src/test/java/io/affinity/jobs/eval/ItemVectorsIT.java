package io.affinity.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Item vectors shipped as a file: what tasks load (each deserializing its own handle, as an
 * executor does) equals the table the driver streamed, bit for bit, including a partition far
 * larger than one streamed part; bad vectors are refused naming the index.
 */
class ItemVectorsIT {
  private static final StructType VECTORS = new StructType().add("id", DataTypes.IntegerType)
      .add("features", DataTypes.createArrayType(DataTypes.FloatType));
  private static final int DIM = 8;

  private static Row vec(int id, float[] f) {
    List<Float> l = new ArrayList<>();
    for (float x : f) {
      l.add(x);
    }
    return RowFactory.create(id, scala.jdk.javaapi.CollectionConverters.asScala(l).toSeq());
  }

  @Test
  void tasks_load_exactly_the_vectors_the_driver_streamed() throws Exception {
    SparkSession s = LocalSpark.get();
    int n = 3 * ItemVectors.ROWS_PER_PART + 17;
    float[] expected = new float[n * DIM];
    boolean[] has = new boolean[n];
    List<Row> rows = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < n; i++) {
      if (i % 13 == 5) {
        continue; // no vector for this index
      }
      float[] f = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        f[d] = (float) r.nextGaussian();
      }
      System.arraycopy(f, 0, expected, i * DIM, DIM);
      has[i] = true;
      rows.add(vec(i, f));
    }
    // One partition of about 3.3 parts' worth of rows: the driver must not take it in one piece.
    Dataset<Row> table = s.createDataFrame(rows, VECTORS).coalesce(1);
    ItemVectors v = ItemVectors.ship("als", table, n);
    assertEquals(DIM, v.dim());
    Path local = v.localFile();
    List<Integer> partitions = List.of(0, 1, 2, 3);
    // Each task deserializes the closure, so its handle loads the file fetched through SparkFiles.
    List<String> loaded = JavaSparkContext.fromSparkContext(s.sparkContext()).parallelize(partitions, 4)
        .map(x -> java.util.Arrays.hashCode(v.data()) + "/" + java.util.Arrays.hashCode(v.has())).collect();
    for (String l : loaded) {
      assertEquals(java.util.Arrays.hashCode(expected) + "/" + java.util.Arrays.hashCode(has), l);
    }
    ItemVectors copy = roundTrip(v);
    assertArrayEquals(expected, copy.data());
    assertArrayEquals(has, copy.has());
    assertEquals(8 + (long) rows.size() * (4 + 4 * DIM), Files.size(local), "header and one record per vector");
    v.release();
    // Emptied, not deleted: an executor starting later still fetches every added file.
    assertEquals(0, Files.size(local), "the driver's copy is emptied on release");
    assertEquals(0, Files.size(Path.of(org.apache.spark.SparkFiles.get(local.getFileName().toString()))));
    // What a late executor fetches is still there (local mode registers the file by its path).
    List<String> added = scala.jdk.javaapi.CollectionConverters.asJava(s.sparkContext().listFiles()).stream()
        .filter(u -> u.endsWith(local.getFileName().toString())).toList();
    assertEquals(1, added.size(), "registered once: " + added);
    assertTrue(Files.exists(Path.of(java.net.URI.create(added.get(0)))), added.get(0));
  }

  @Test
  void bad_vectors_are_refused_naming_the_index() {
    SparkSession s = LocalSpark.get();
    Dataset<Row> outOfRange = s.createDataFrame(List.of(vec(0, new float[] {1, 2}), vec(25, new float[] {3, 4})), VECTORS)
        .coalesce(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ItemVectors.ship("als", outOfRange, 10));
    assertEquals("model als: item vector for index 25 is out of range or has dimension 2 (expected 2)", e.getMessage());
    Dataset<Row> mixed = s.createDataFrame(List.of(vec(0, new float[] {1, 2}), vec(1, new float[] {3, 4, 5})), VECTORS)
        .coalesce(1);
    e = assertThrows(IllegalArgumentException.class, () -> ItemVectors.ship("seq", mixed, 10));
    assertEquals("model seq: item vector for index 1 is out of range or has dimension 3 (expected 2)", e.getMessage());
  }

  private static ItemVectors roundTrip(ItemVectors v) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(v);
    }
    assertTrue(bytes.size() < 1024, "the handle travels without the vectors: " + bytes.size() + " bytes");
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      return (ItemVectors) in.readObject();
    }
  }
}
