package io.affinity.jobs.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.sort_array;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Each item's tags for the tag-diversity metric, as sorted distinct tag ids (tags compared
 * case-insensitively, {@link Locale#ROOT}) in two flat arrays: item {@code i}'s ids are
 * {@code ids[start[i]] .. ids[start[i + 1] - 1]}. Only equality of ids matters to the metric, so any
 * numbering gives the same values.
 *
 * <p>{@link #of(Dataset, int) Built in Spark}: the tags are lower-cased, numbered and grouped per
 * item in the executors; the driver receives the ids one partition at a time, 4 bytes per item and
 * per tag. (The catalogue's tag strings on the driver were over 200 bytes per item, 200 MB at a
 * million items.)
 */
public final class ItemTags implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final StructType ITEM_TAG = new StructType()
      .add("i", DataTypes.IntegerType, false)
      .add("t", DataTypes.StringType, false);

  private final int[] start;
  private final int[] ids;

  private ItemTags(int[] start, int[] ids) {
    this.start = start;
    this.ids = ids;
  }

  /** Items in the table. */
  public int numItems() {
    return start.length - 1;
  }

  /** Tags of item {@code i}. */
  int size(int i) {
    return start[i + 1] - start[i];
  }

  /** Tags item {@code a} and item {@code b} share. */
  int common(int a, int b) {
    int x = start[a];
    int xe = start[a + 1];
    int y = start[b];
    int ye = start[b + 1];
    int n = 0;
    while (x < xe && y < ye) {
      if (ids[x] == ids[y]) {
        n++;
        x++;
        y++;
      } else if (ids[x] < ids[y]) {
        x++;
      } else {
        y++;
      }
    }
    return n;
  }

  /**
   * Tags held in memory, one array per item index (null entries and null tags allowed): tests and
   * small in-memory uses.
   */
  public static ItemTags of(String[][] tagsByItem) {
    Map<String, Integer> dict = new LinkedHashMap<>();
    int[] start = new int[tagsByItem.length + 1];
    IntStream.Builder ids = IntStream.builder();
    for (int i = 0; i < tagsByItem.length; i++) {
      int[] t = tagsByItem[i] == null ? new int[0] : Arrays.stream(tagsByItem[i]).filter(Objects::nonNull)
          .map(s -> s.toLowerCase(Locale.ROOT)).mapToInt(s -> dict.computeIfAbsent(s, x -> dict.size()))
          .distinct().sorted().toArray();
      Arrays.stream(t).forEach(ids);
      start[i + 1] = start[i] + t.length;
    }
    return new ItemTags(start, ids.build().toArray());
  }

  /**
   * Tags from a Spark table with columns {@code i} (item index below {@code numItems}) and
   * {@code tags} (array of strings, null allowed), one row per item.
   *
   * @throws IllegalArgumentException when an index is out of range
   */
  public static ItemTags of(Dataset<Row> tagged, int numItems) {
    Dataset<Row> pairs = tagged.sparkSession().createDataFrame(tagged.select(col("i"), col("tags")).javaRDD()
        .flatMap((FlatMapFunction<Row, Row>) r -> lowerCased(r)), ITEM_TAG);
    Dataset<Row> dict = tagged.sparkSession().createDataFrame(pairs.select("t").distinct().orderBy("t").javaRDD()
        .zipWithIndex().map(p -> RowFactory.create(p._1().getString(0), p._2().intValue())), new StructType()
        .add("t", DataTypes.StringType, false).add("id", DataTypes.IntegerType, false));
    Dataset<Row> grouped = pairs.join(dict, "t").groupBy("i").agg(sort_array(collect_set(col("id"))).as("ids"))
        .orderBy("i");
    int[] start = new int[numItems + 1];
    IntStream.Builder ids = IntStream.builder();
    int count = 0;
    int next = 0;
    Iterator<Row> rows = grouped.toLocalIterator();
    while (rows.hasNext()) {
      Row r = rows.next();
      int i = r.getInt(0);
      if (i < 0 || i >= numItems) {
        throw new IllegalArgumentException("item tags: item index " + i + " is outside 0.." + (numItems - 1));
      }
      Arrays.fill(start, next + 1, i + 1, count);
      for (Object id : r.getList(1)) {
        ids.add((Integer) id);
        count++;
      }
      start[i + 1] = count;
      next = i + 1;
    }
    Arrays.fill(start, next + 1, numItems + 1, count);
    return new ItemTags(start, ids.build().toArray());
  }

  private static Iterator<Row> lowerCased(Row r) {
    if (r.isNullAt(1)) {
      return java.util.Collections.emptyIterator();
    }
    List<Row> out = new ArrayList<>();
    int i = r.getInt(0);
    for (Object t : r.getList(1)) {
      if (t != null) {
        out.add(RowFactory.create(i, ((String) t).toLowerCase(Locale.ROOT)));
      }
    }
    return out.iterator();
  }
}
