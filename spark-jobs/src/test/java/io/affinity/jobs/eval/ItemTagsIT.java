package io.affinity.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: item tags are lower-cased, numbered and grouped in Spark, so no tag string reaches the
 * driver; the tag-diversity metric must not change. Checked against the tags held in memory (the
 * numbering the evaluation used before) on every pair of a few thousand random lists.
 */
class ItemTagsIT {
  private static final StructType TAGGED = new StructType()
      .add("i", DataTypes.IntegerType, false)
      .add("tags", DataTypes.createArrayType(DataTypes.StringType, true), true);

  @Test
  void tags_built_in_spark_give_the_same_diversity_as_tags_held_in_memory() {
    SparkSession spark = LocalSpark.get();
    int numItems = 3_000;
    SplittableRandom rnd = new SplittableRandom(11);
    String[] vocabulary = {"Drama", "drama", "Comedy", "SCI-FI", "sci-fi", "Noir", "Anime", "Documentary",
        "Ïndie", "war"};
    String[][] byItem = new String[numItems][];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < numItems; i++) {
      int kind = rnd.nextInt(10);
      if (kind == 0) {
        continue; // no catalogue row
      }
      String[] t = kind == 1 ? null : new String[rnd.nextInt(5)];
      if (t != null) {
        for (int x = 0; x < t.length; x++) {
          t[x] = rnd.nextInt(12) == 0 ? null : vocabulary[rnd.nextInt(vocabulary.length)];
        }
      }
      byItem[i] = t;
      rows.add(RowFactory.create(i, t == null ? null : Arrays.asList(t)));
    }
    ItemTags held = ItemTags.of(byItem);
    ItemTags built = ItemTags.of(spark.createDataFrame(rows, TAGGED).repartition(4), numItems);
    assertEquals(numItems, built.numItems());
    int tagged = 0;
    for (int trial = 0; trial < 2_000; trial++) {
      int[] list = rnd.ints(10, 0, numItems).toArray();
      double a = BeyondAccuracy.tagDiversity(list, list.length, held);
      double b = BeyondAccuracy.tagDiversity(list, list.length, built);
      assertEquals(Double.doubleToLongBits(a), Double.doubleToLongBits(b), "list " + Arrays.toString(list));
      tagged += Double.isNaN(a) ? 0 : 1;
    }
    assertTrue(tagged > 1_500, "most lists have tagged pairs: " + tagged);
    for (int i = 0; i < numItems; i++) {
      assertEquals(held.size(i), built.size(i), "distinct tags of item " + i);
    }
  }

  @Test
  void an_item_index_outside_the_index_is_named() {
    SparkSession spark = LocalSpark.get();
    List<Row> rows = List.of(RowFactory.create(2, List.of("a")), RowFactory.create(7, List.of("b")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ItemTags.of(spark.createDataFrame(rows, TAGGED), 5));
    assertTrue(e.getMessage().contains("item index 7 is outside 0..4"), e.getMessage());
  }
}
