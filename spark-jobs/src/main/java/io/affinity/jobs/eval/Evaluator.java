package io.affinity.jobs.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The public evaluation API, for the train job and for notebooks: full-ranking (never sampled)
 * metrics of any number of models on one train/test split, with the baselines, beyond-accuracy
 * metrics and per-segment breakdowns. Deterministic: same inputs, bit-identical numbers.
 *
 * <pre>{@code
 * EvaluationResult r = Evaluator.on(train, test, numItems)   // columns u, i (int indices)
 *     .factors("als", alsModel.userFactors(), alsModel.itemFactors())
 *     .popularity()
 *     .itemKnn(100)
 *     .itemTags(tags)                     // optional: ItemTags for tag diversity
 *     .userAttributes(usersWithU)         // optional: column u plus attribute columns
 *     .cutoffs(5, 10, 20).k(10)
 *     .evaluate();
 * }</pre>
 *
 * <p>Every user with held-out items and training items is evaluated; the user's training items are
 * never recommended. Popularity is broadcast; item vectors reach the executors as files
 * ({@link ItemVectors}); users are spread over executors. An evaluator evaluates once: its item
 * vector files are emptied when {@link #evaluate} returns.
 */
public final class Evaluator {
  /** Points kept of the popularity curve. */
  public static final int CURVE_POINTS = 200;

  private final Dataset<Row> train;
  private final Dataset<Row> test;
  private final int numItems;
  private final List<EvalModel> models = new ArrayList<>();
  private final List<Dataset<Row>> userVectors = new ArrayList<>();
  private float[] popularity;
  private ItemTags tags;
  private Dataset<Row> attributes;
  private int[] cutoffs = {5, 10, 20};
  private int k = 10;
  private String embeddingModel;
  private long maxUsers = Long.MAX_VALUE;
  private Dataset<Row> knnContributions;
  private long seed = 42;
  /** Eligible users the test side's users were sampled from by the split, -1 when it was not sampled. */
  private long sampledFrom = -1;
  private final List<ItemVectors> shipped = new ArrayList<>();
  /** Distinct training pairs, persisted on first use: the per-item counts and item-kNN read them. */
  private Dataset<Row> pairs;
  private long[] usersPerItem;
  private Broadcast<long[]> knnSizes;
  private boolean evaluated;

  private Evaluator(Dataset<Row> train, Dataset<Row> test, int numItems) {
    this.train = Objects.requireNonNull(train, "train");
    this.test = Objects.requireNonNull(test, "test");
    if (numItems < 1) {
      throw new IllegalArgumentException("numItems must be >= 1, got " + numItems);
    }
    this.numItems = numItems;
  }

  /**
   * Starts an evaluation.
   *
   * @param train training pairs, columns {@code u, i} (int indices)
   * @param test held-out pairs, columns {@code u, i}
   * @param numItems the size of the item index (items are {@code 0 .. numItems-1})
   */
  public static Evaluator on(Dataset<Row> train, Dataset<Row> test, int numItems) {
    return new Evaluator(train, test, numItems);
  }

  /**
   * Starts an evaluation of a split. When the split held out pairs of a hash sample of its
   * eligible users only ({@link HoldoutSplit#sampled()}), that sample is evaluated whole (a
   * {@link #sample} limit does not draw again) and the result records the eligible users it was
   * drawn from, with bootstrap intervals as for any sample.
   *
   * @param split the split (columns {@code u, i} on both sides)
   * @param numItems the size of the item index
   */
  public static Evaluator on(HoldoutSplit split, int numItems) {
    Evaluator ev = new Evaluator(split.train(), split.test(), numItems);
    ev.sampledFrom = split.sampledFrom();
    return ev;
  }

  /**
   * Adds a factor model: columns {@code id} (int index) and {@code features} (array of floats) for
   * users and for items, as Spark's ALS model has them. The first factor model added also gives
   * the embedding for intra-list diversity.
   */
  public Evaluator factors(String name, Dataset<Row> users, Dataset<Row> items) {
    checkOpen();
    requireNewName(name);
    // Shipped as a file the executors fetch, not collected and broadcast: the driver never holds
    // the catalogue's vectors (ItemVectors).
    shipped.add(io.affinity.jobs.util.SparkProgress.described(train.sparkSession().sparkContext(),
        "evaluate: " + name + " item vectors to a file for the executors", () -> ItemVectors.ship(name, items, numItems)));
    add(new EvalModel.Factors(name, shipped.get(shipped.size() - 1)));
    userVectors.add(users.select(col("id").as("u"), col("features").as("v" + userVectors.size())));
    if (embeddingModel == null) {
      embeddingModel = name;
    }
    return this;
  }

  /**
   * Adds blends of two models already added: for each weight {@code w}, a model named
   * {@code prefix + w} scoring {@code w·scaleA·a + (1-w)·scaleB·b}. All of them are evaluated in the
   * same pass over the users as everything else.
   */
  public Evaluator blends(String prefix, String a, String b, double scaleA, double scaleB, double... weights) {
    int ia = indexOf(a);
    int ib = indexOf(b);
    for (int m : new int[] {ia, ib}) {
      if (models.get(m) instanceof EvalModel.Knn) {
        throw new IllegalArgumentException("'" + models.get(m).name() + "' cannot be blended: it ranks without scores");
      }
    }
    for (double w : weights) {
      add(new EvalModel.Blend(prefix + w, ia, ib, (float) (w * scaleA), (float) ((1 - w) * scaleB)));
    }
    return this;
  }

  private int indexOf(String name) {
    for (int m = 0; m < models.size(); m++) {
      if (models.get(m).name().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no model named '" + name + "' to blend; add it first");
  }

  /** Adds the popularity baseline ({@code popularity}). */
  public Evaluator popularity() {
    return add(new EvalModel.Popularity("popularity", popularityCounts()));
  }

  /**
   * Adds the item-kNN baseline ({@code item_knn}) with this many neighbours per item, computed by
   * Spark ({@link SparkItemKnn}); users with more than {@code userCap} training items enter the
   * co-occurrence counts with their first {@code userCap} (by item index).
   */
  public Evaluator itemKnn(int neighbours, int userCap) {
    if (knnContributions != null) {
      throw new IllegalArgumentException("a model named 'item_knn' was already added");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
    knnSizes = jsc.broadcast(usersPerItem());
    knnContributions = SparkItemKnn.contributions(pairs, knnSizes, neighbours, userCap);
    return add(new EvalModel.Knn("item_knn"));
  }

  /** {@link #itemKnn(int, int)} with no per-user cap. */
  public Evaluator itemKnn(int neighbours) {
    return itemKnn(neighbours, Integer.MAX_VALUE);
  }

  /** Tags per item index for tag diversity ({@link ItemTags#of(Dataset, int)} builds them in Spark). */
  public Evaluator itemTags(ItemTags tagsByItem) {
    if (tagsByItem != null && tagsByItem.numItems() != numItems) {
      throw new IllegalArgumentException("itemTags has " + tagsByItem.numItems() + " entries, expected " + numItems);
    }
    this.tags = tagsByItem;
    return this;
  }

  /** User attributes for per-segment metrics: column {@code u} plus one column per attribute. */
  public Evaluator userAttributes(Dataset<Row> usersWithU) {
    if (usersWithU != null && !Arrays.asList(usersWithU.columns()).contains("u")) {
      throw new IllegalArgumentException("userAttributes needs a column 'u'; found "
          + Arrays.toString(usersWithU.columns()));
    }
    this.attributes = usersWithU;
    return this;
  }

  /** The cut-offs besides {@link #k} (default 5, 10, 20). */
  public Evaluator cutoffs(int... ks) {
    this.cutoffs = ks.clone();
    return this;
  }

  /** The primary cut-off (default 10), always evaluated; beyond-accuracy metrics use it. */
  public Evaluator k(int primary) {
    this.k = primary;
    return this;
  }

  /**
   * Evaluates at most about {@code max} users: when more are eligible, a deterministic sample by a
   * hash of the user index and {@code sampleSeed} (the same users on every run), whose size and
   * eligible total the result records. The seed also seeds the bootstrap intervals.
   */
  public Evaluator sample(long max, long sampleSeed) {
    if (max < 1) {
      throw new IllegalArgumentException("the evaluation sample must be >= 1 user, got " + max);
    }
    this.maxUsers = max;
    this.seed = sampleSeed;
    return this;
  }

  /** Whether user {@code u} is in a sample keeping {@code keep} of every 2^32 users. */
  public static boolean sampled(int u, long sampleSeed, long keep) {
    long h = (u + sampleSeed) * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (h & 0xFFFFFFFFL) < keep;
  }

  /** Runs the evaluation. */
  public EvaluationResult evaluate() {
    checkOpen();
    evaluated = true;
    org.apache.spark.SparkContext sc = train.sparkSession().sparkContext();
    String outer = sc.getLocalProperty(JOB_DESCRIPTION);
    try {
      return run(sc);
    } finally {
      sc.setJobDescription(outer);
      shipped.forEach(ItemVectors::release);
      if (knnSizes != null) {
        knnSizes.destroy();
      }
      if (pairs != null) {
        pairs.unpersist(false);
      }
    }
  }

  private void checkOpen() {
    if (evaluated) {
      throw new IllegalStateException("this Evaluator has already evaluated (its item vector files are gone);"
          + " start another with Evaluator.on(...)");
    }
  }

  /** Spark's local property for a job's description, which names the evaluation's phases in progress lines. */
  private static final String JOB_DESCRIPTION = "spark.job.description";

  private EvaluationResult run(org.apache.spark.SparkContext sc) {
    if (models.isEmpty()) {
      throw new IllegalStateException("no model to evaluate: add factors(), popularity() or itemKnn()");
    }
    int[] all = IntStream.concat(Arrays.stream(cutoffs), IntStream.of(k)).distinct().sorted().toArray();
    if (all[0] < 1) {
      throw new IllegalArgumentException("cut-offs must be >= 1, got " + Arrays.toString(all));
    }
    sc.setJobDescription("evaluate: users per item and segments");
    float[] pop = popularityCounts();
    Segments.Built segments = Segments.build(train.select("u", "i"), attributes);
    EvalModel.Factors emb = (EvalModel.Factors) models.stream()
        .filter(m -> m.name().equals(embeddingModel)).findFirst().orElse(null);
    EvalContext ctx = new EvalContext(List.copyOf(models), all, k, pop, BeyondAccuracy.percentiles(pop),
        pairs.select("u").distinct().count(), tags, emb == null ? null : emb.vectors(),
        segments.names().size(), seed);
    Dataset<Row> eligible = test.groupBy("u").agg(collect_list("i").as("test_items"))
        .join(train.groupBy("u").agg(collect_list("i").as("train_items")), "u");
    // Persisted before it is counted: the sample is filtered from the stored rows, not from a
    // second run of the two groupings and the join.
    eligible = eligible.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    sc.setJobDescription("evaluate: users with held-out items");
    long eligibleUsers = -1;
    long toRank = -1;
    if (sampledFrom >= 0) {
      eligibleUsers = sampledFrom; // the split held out pairs of its sample only: it is ranked whole
      toRank = eligible.count();
    } else if (maxUsers != Long.MAX_VALUE) {
      eligibleUsers = eligible.count();
      if (eligibleUsers > maxUsers) {
        long keep = (long) Math.ceil((double) maxUsers / eligibleUsers * 4294967296.0);
        long s = seed;
        Dataset<Row> whole = eligible;
        eligible = whole.filter((org.apache.spark.api.java.function.FilterFunction<Row>) r ->
            sampled(r.getInt(0), s, keep)).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        toRank = eligible.count();
        whole.unpersist(false);
      }
    }
    if (toRank < 0) {
      toRank = eligibleUsers >= 0 ? eligibleUsers : eligible.count();
    }
    sc.setJobDescription("evaluate: item-kNN neighbours and lists");
    KnnRanking.Ranked knn = knnContributions == null ? null : KnnRanking.rank(eligible, knnContributions,
        numItems, all[all.length - 1], io.affinity.jobs.util.SparkSettings.positive(train.sparkSession(),
        KnnRanking.CHUNK_CONF, KnnRanking.DEFAULT_CHUNK_ENTRIES, Long.MAX_VALUE));
    Dataset<Row> perUser = eligible.join(segments.perUser(), "u");
    List<org.apache.spark.sql.Column> columns = new ArrayList<>(List.of(col("u"), col("test_items"),
        col("train_items"), col("segments")));
    for (int f = 0; f < userVectors.size(); f++) {
      perUser = perUser.join(userVectors.get(f), "u", "left");
      columns.add(col("v" + f));
    }
    if (knn != null) {
      perUser = perUser.join(knn.lists(), "u", "left");
      columns.add(col("knn"));
    }
    perUser = perUser.select(columns.toArray(org.apache.spark.sql.Column[]::new));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
    Broadcast<EvalContext> bc = jsc.broadcast(ctx);
    sc.setJobDescription("evaluate: rank every item for each user, metrics");
    Partial total;
    org.apache.spark.api.java.JavaRDD<Partial> parts;
    try (var ranked = io.affinity.jobs.util.SparkProgress.work(sc, "users ranked", toRank)) {
      parts = perUser.javaRDD().mapPartitions(new UserScoring(bc, ranked.counter()))
          .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
      // Metric sums are fixed-size per task; exposure goes through Spark's aggregation (Exposure).
      total = parts.fold(Partial.empty(ctx), Partial::merge);
    }
    Exposure exposure = Exposure.aggregate(parts, bc);
    parts.unpersist(false);
    eligible.unpersist(false);
    if (knn != null) {
      knn.release();
    }
    bc.destroy();
    return EvaluationResults.assemble(ctx, total, exposure, segments.names(), eligibleUsers);
  }

  private Evaluator add(EvalModel m) {
    requireNewName(m.name());
    models.add(m);
    return this;
  }

  private void requireNewName(String name) {
    if (models.stream().anyMatch(x -> x.name().equals(name))) {
      throw new IllegalArgumentException("a model named '" + name + "' was already added");
    }
  }

  /** Training users per item index (distinct users: a repeated pair counts once). */
  private float[] popularityCounts() {
    if (popularity == null) {
      long[] n = usersPerItem();
      popularity = new float[numItems];
      for (int i = 0; i < numItems; i++) {
        popularity[i] = n[i];
      }
    }
    return popularity;
  }

  /** One count job for the popularity baseline, novelty and item-kNN's cosines. */
  private long[] usersPerItem() {
    if (usersPerItem == null) {
      pairs = train.select("u", "i").distinct().persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
      usersPerItem = io.affinity.jobs.util.SparkProgress.described(train.sparkSession().sparkContext(),
          "evaluate: users per item", () -> SparkItemKnn.usersPerItem(pairs, numItems));
    }
    return usersPerItem;
  }
}
