package io.affinity.jobs.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Catalogue-level metrics of the top-k lists (coverage, Gini, exposure by popularity decile),
 * aggregated by Spark from the tasks' sparse exposure counts: the driver only ever receives, per
 * model, a histogram of exposure values and ten decile sums, never a per-item array.
 *
 * @param covered per model, items recommended at least once
 * @param histogram per model, exposure value → how many items had it (zero excluded)
 * @param deciles per model, top-k slots by the item's popularity decile
 */
record Exposure(long[] covered, List<Map<Long, Long>> histogram, long[][] deciles) implements Serializable {

  static Exposure aggregate(JavaRDD<Partial> parts, Broadcast<EvalContext> bc) {
    int models = bc.value().models().size();
    int n = bc.value().numItems();
    JavaPairRDD<Long, Long> perItem = parts.flatMapToPair(p -> {
      List<Tuple2<Long, Long>> out = new ArrayList<>(p.exposureKeys().length);
      for (int x = 0; x < p.exposureKeys().length; x++) {
        out.add(new Tuple2<>(p.exposureKeys()[x], p.exposureCounts()[x]));
      }
      return out.iterator();
    }).reduceByKey(Long::sum);
    // (model, value) -> items, and (model, decile) -> slots: both tiny.
    Map<Tuple2<Integer, Long>, Long> hist = perItem.mapToPair(e -> new Tuple2<>(
        new Tuple2<>((int) (e._1() / n), e._2()), 1L)).reduceByKey(Long::sum).collectAsMap();
    Map<Tuple2<Integer, Integer>, Long> dec = perItem.mapToPair(e -> {
      int item = (int) (e._1() % n);
      int decile = Math.min(9, (int) (bc.value().percentile()[item] * 10));
      return new Tuple2<>(new Tuple2<>((int) (e._1() / n), decile), e._2());
    }).reduceByKey(Long::sum).collectAsMap();
    long[] covered = new long[models];
    List<Map<Long, Long>> histogram = new ArrayList<>();
    long[][] deciles = new long[models][10];
    for (int m = 0; m < models; m++) {
      histogram.add(new TreeMap<>());
    }
    hist.forEach((k, items) -> {
      covered[k._1()] += items;
      histogram.get(k._1()).put(k._2(), items);
    });
    dec.forEach((k, slots) -> deciles[k._1()][k._2()] = slots);
    return new Exposure(covered, histogram, deciles);
  }

  /** Share of the catalogue recommended at least once by model {@code m}. */
  double coverage(int m, int numItems) {
    return numItems == 0 ? 0 : (double) covered[m] / numItems;
  }

  /**
   * Gini coefficient of model {@code m}'s exposure over all {@code numItems} items (0 when nothing
   * was recommended): {@link BeyondAccuracy#gini} computed from the histogram, the sorted values
   * taken run by run (items never recommended first).
   */
  double gini(int m, int numItems) {
    long position = numItems - covered[m]; // the zeros come first and weigh nothing
    double total = 0;
    double weighted = 0;
    for (Map.Entry<Long, Long> run : histogram.get(m).entrySet()) {
      long v = run.getKey();
      long c = run.getValue();
      total += (double) v * c;
      // Σ over positions p..p+c-1 of (2(i+1) - n - 1)·v = v·c·(2p + c - n)
      weighted += (double) v * c * (2.0 * position + c - numItems);
      position += c;
    }
    return total == 0 ? 0 : weighted / (numItems * total);
  }

  long[] deciles(int m) {
    return Arrays.copyOf(deciles[m], 10);
  }
}
