package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import io.affinity.jobs.eval.ItemVectors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Solves the ALS vectors of some users again on all their pairs, with the item vectors fixed: the
 * implicit-feedback user update MLlib ends every ALS iteration with, computed the way MLlib
 * computes it (packed normal equations in double, {@code dspr}/{@code daxpy} per pair, a
 * Cholesky solve by LAPACK {@code dppsv}, the result rounded to float):
 *
 * <pre>
 *   A = YᵀY + Σ_j c1_j y_j y_jᵀ + regParam · n⁺ · I      c1_j = alpha · |r_j| (r_j as float)
 *   b = Σ_{r_j &gt; 0} (1 + c1_j) y_j                      x = A⁻¹ b,  n⁺ = pairs with r_j &gt; 0
 * </pre>
 *
 * <p>The train job uses it for {@link FinalFit#FOLD_IN}: the evaluated model's users who held out
 * pairs get the vector a last ALS half-iteration over all data would give them. {@code YᵀY} is
 * summed in Spark; the item vectors reach the executors as a file ({@link ItemVectors}); users are
 * grouped in Spark with their pairs in item order, so a run's vectors are the same bit for bit.
 * Pairs whose item has no vector (an item seen only in held-out pairs) add nothing.
 */
final class UserFoldIn {
  private UserFoldIn() {}

  /**
   * The refreshed user table and what it cached.
   *
   * @param users {@code id}, {@code features}: every user of {@code userFactors}, the chosen ones
   *     re-solved
   * @param refreshed how many users were re-solved
   */
  record Result(Dataset<Row> users, long refreshed, Runnable release) {
    /**
     * Unpersists the refreshed table and drops what its computation reads (the broadcast, the item
     * vector file): kept until then, so a lost cached block can be computed again.
     */
    void releaseAll() {
      release.run();
    }
  }

  /**
   * Re-solves the vectors of {@code who}'s users.
   *
   * @param p the model's hyper-parameters (rank, regParam, alpha)
   * @param userFactors the model's users: {@code id} int, {@code features} float array
   * @param itemFactors the model's items, the same columns
   * @param pairs every pair: {@code u}, {@code i}, {@code confidence}
   * @param who the users to re-solve: column {@code u}, distinct
   * @param numItems the size of the item index
   */
  static Result refresh(SparkSession spark, AlsParams p, Dataset<Row> userFactors, Dataset<Row> itemFactors,
      Dataset<Row> pairs, Dataset<Row> who, int numItems) {
    int k = p.rank();
    double[] gram = gram(itemFactors, k);
    ItemVectors vectors = ItemVectors.ship("als", itemFactors, numItems);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Shared> shared = jsc.broadcast(new Shared(vectors, gram, k, p.regParam(), p.alpha()));
    Dataset<Row> grouped = pairs.join(who, "u")
        .groupBy("u").agg(sort_array(collect_list(struct(col("i"), col("confidence")))).as("pairs"));
    StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
        .add("nf", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    // The solve runs in a result stage the driver's own thread submits (an RDD action), as the
    // evaluation's ranking does: run inside a shuffle stage that adaptive execution submits from
    // its own thread, the tasks did not get the added item vector file on a real cluster.
    org.apache.spark.api.java.JavaRDD<Row> solvedRows = grouped.javaRDD().mapPartitions(
        (FlatMapFunction<Iterator<Row>, Row>) rows -> solveAll(shared.value(), rows))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> solved = spark.createDataFrame(solvedRows, schema);
    Dataset<Row> users = userFactors.join(solved, userFactors.col("id").equalTo(solved.col("id")), "left")
        .select(userFactors.col("id"), coalesce(solved.col("nf"), userFactors.col("features")).as("features"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Runnable release = () -> {
      users.unpersist(false);
      solvedRows.unpersist(false);
      shared.destroy();
      vectors.release();
    };
    try {
      long refreshed = solvedRows.count();
      users.count(); // fills the cache from the solved rows
      return new Result(users, refreshed, release);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
  }

  /** What every task needs: the item vectors' handle, {@code YᵀY} packed, the hyper-parameters. */
  private record Shared(ItemVectors vectors, double[] gram, int k, double regParam, double alpha)
      implements java.io.Serializable {}

  private static Iterator<Row> solveAll(Shared s, Iterator<Row> rows) {
    float[] y = s.vectors().data();
    boolean[] has = s.vectors().has();
    int k = s.k();
    double[] ata = new double[s.gram().length];
    double[] atb = new double[k];
    double[] x = new double[k];
    dev.ludovic.netlib.blas.BLAS blas = dev.ludovic.netlib.blas.BLAS.getInstance();
    dev.ludovic.netlib.lapack.LAPACK lapack = dev.ludovic.netlib.lapack.LAPACK.getInstance();
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      List<Row> items = r.getList(1);
      System.arraycopy(s.gram(), 0, ata, 0, ata.length);
      java.util.Arrays.fill(atb, 0);
      int positive = 0;
      for (Row pair : items) {
        int i = pair.getInt(0);
        if (i < 0 || i >= has.length || !has[i]) {
          continue;
        }
        float rating = ((Number) pair.get(1)).floatValue(); // MLlib reads ratings as float
        double c1 = s.alpha() * Math.abs(rating);
        for (int q = 0; q < k; q++) {
          x[q] = y[i * k + q];
        }
        blas.dspr("U", k, c1, x, 1, ata);
        if (rating > 0) {
          positive++;
          blas.daxpy(k, 1.0 + c1, x, 1, atb, 1);
        }
      }
      if (positive == 0) {
        continue; // nothing to solve on: the user keeps its vector
      }
      double lambda = s.regParam() * positive;
      for (int q = 0, d = 0; q < k; q++) {
        d += q + 1; // packed upper: the diagonal entry of column q is at q(q+3)/2
        ata[d - 1] += lambda;
      }
      org.netlib.util.intW info = new org.netlib.util.intW(0);
      lapack.dppsv("U", k, 1, ata, atb, k, info);
      if (info.val != 0) {
        throw new ArithmeticException("fold-in of user " + r.getInt(0) + ": the normal equations are not positive"
            + " definite (LAPACK dppsv info " + info.val + ")");
      }
      float[] f = new float[k];
      for (int q = 0; q < k; q++) {
        f[q] = (float) atb[q];
      }
      out.add(RowFactory.create(r.getInt(0), f));
    }
    return out.iterator();
  }

  /** {@code YᵀY} of the item table, packed upper triangle in double, summed in Spark. */
  static double[] gram(Dataset<Row> itemFactors, int k) {
    int size = k * (k + 1) / 2;
    return itemFactors.select("features").javaRDD().mapPartitions((FlatMapFunction<Iterator<Row>, double[]>) rows -> {
      double[] g = new double[size];
      double[] x = new double[k];
      dev.ludovic.netlib.blas.BLAS blas = dev.ludovic.netlib.blas.BLAS.getInstance();
      while (rows.hasNext()) {
        float[] f = io.affinity.jobs.util.SparkArrays.floats(rows.next().get(0));
        for (int q = 0; q < k; q++) {
          x[q] = f[q];
        }
        blas.dspr("U", k, 1.0, x, 1, g);
      }
      return List.of(g).iterator();
    }).treeReduce((a, b) -> {
      for (int q = 0; q < a.length; q++) {
        a[q] += b[q];
      }
      return a;
    });
  }
}
