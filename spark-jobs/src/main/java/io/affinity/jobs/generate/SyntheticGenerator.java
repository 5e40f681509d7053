package io.affinity.jobs.generate;

import io.affinity.store.log.CatalogItem;
import io.affinity.store.log.Interaction;
import io.affinity.store.log.PartitionedWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a synthetic interaction log and item catalog.
 *
 * <p>The model: items have Zipf popularity and belong to one of {@code clusters} taste clusters;
 * every item has a fixed "successor" in its cluster (people who consume X often consume its
 * successor next). Users have a log-normal activity level (long tail), a primary and a secondary
 * cluster. Their events come in time-ordered sessions; each event picks, by popularity, an item
 * from the primary cluster (70%), the secondary (15%) or the whole catalogue (15%), and within a
 * session follows the previous item's successor half of the time. Event types are {@code view}
 * (80%), {@code add_to_cart} (12%) and {@code purchase} (8%) with null weights, so the train job's
 * per-type defaults apply.
 *
 * <p>Deterministic: each user draws from a generator seeded by (seed, user), so the output depends
 * only on the config.
 */
public final class SyntheticGenerator {
  private final GeneratorConfig cfg;
  private final int[] itemCluster;
  private final int[] successor;
  private final double[] globalCdf;
  private final int[][] clusterItems;
  private final double[][] clusterCdf;
  private final double[] itemWeight;

  /** Builds the item model for {@code cfg}. */
  public SyntheticGenerator(GeneratorConfig cfg) {
    this.cfg = cfg;
    SplittableRandom rnd = new SplittableRandom(cfg.seed());
    int n = cfg.items();
    int[] rank = permutation(n, rnd);
    itemWeight = new double[n];
    itemCluster = new int[n];
    int[] clusterSize = new int[cfg.clusters()];
    for (int i = 0; i < n; i++) {
      itemWeight[i] = 1.0 / Math.pow(rank[i] + 1, cfg.zipfExponent());
      itemCluster[i] = i < cfg.clusters() ? i : rnd.nextInt(cfg.clusters());
      clusterSize[itemCluster[i]]++;
    }
    clusterItems = new int[cfg.clusters()][];
    for (int c = 0; c < cfg.clusters(); c++) {
      clusterItems[c] = new int[clusterSize[c]];
    }
    int[] fill = new int[cfg.clusters()];
    for (int i = 0; i < n; i++) {
      clusterItems[itemCluster[i]][fill[itemCluster[i]]++] = i;
    }
    clusterCdf = new double[cfg.clusters()][];
    for (int c = 0; c < cfg.clusters(); c++) {
      clusterCdf[c] = cdf(clusterItems[c]);
    }
    int[] all = new int[n];
    Arrays.setAll(all, i -> i);
    globalCdf = cdf(all);
    successor = new int[n];
    for (int i = 0; i < n; i++) {
      int c = itemCluster[i];
      int s = clusterItems[c][sample(clusterCdf[c], rnd)];
      successor[i] = s == i && clusterItems[c].length > 1 ? clusterItems[c][(indexOf(clusterItems[c], i) + 1) % clusterItems[c].length] : s;
    }
  }

  /** What {@link #write} produced. */
  public record Result(long interactions, long items) {}

  /** Writes {@code out/interactions} and {@code out/items}. */
  public Result write(Path out) {
    writeItems(out.resolve("items"));
    long rows;
    try (PartitionedWriter<Interaction> w = PartitionedWriter.interactions(out.resolve("interactions"))) {
      long[] counts = eventsPerUser();
      for (int u = 0; u < cfg.users(); u++) {
        writeUser(u, (int) counts[u], w);
      }
      rows = w.rows();
    }
    return new Result(rows, cfg.items());
  }

  private void writeItems(Path dir) {
    SplittableRandom rnd = new SplittableRandom(cfg.seed() ^ 0x17E45L);
    Vocabulary.Theme[] themes = new Vocabulary.Theme[cfg.clusters()];
    for (int c = 0; c < themes.length; c++) {
      themes[c] = Vocabulary.theme(c, rnd);
    }
    try (PartitionedWriter<CatalogItem> w = PartitionedWriter.items(dir)) {
      for (int i = 0; i < cfg.items(); i++) {
        Vocabulary.Theme t = themes[itemCluster[i]];
        String title = Vocabulary.title(t, i, rnd);
        List<String> tags = Vocabulary.tags(t, rnd);
        w.write(new CatalogItem(itemId(i), title, tags, Vocabulary.text(t, title, tags)));
      }
    }
  }

  /** Log-normal activity scaled so the counts sum exactly to {@code events}, each at least 1. */
  long[] eventsPerUser() {
    SplittableRandom rnd = new SplittableRandom(cfg.seed() ^ 0xAC71_71E5L);
    double[] a = new double[cfg.users()];
    double sum = 0;
    for (int u = 0; u < a.length; u++) {
      a[u] = Math.exp(1.1 * gaussian(rnd));
      sum += a[u];
    }
    long extra = cfg.events() - cfg.users();
    long[] counts = new long[a.length];
    long assigned = 0;
    for (int u = 0; u < a.length; u++) {
      counts[u] = 1 + (long) Math.floor(extra * a[u] / sum);
      assigned += counts[u];
    }
    while (assigned < cfg.events()) {
      counts[rnd.nextInt(a.length)]++;
      assigned++;
    }
    return counts;
  }

  private void writeUser(int u, int count, PartitionedWriter<Interaction> w) {
    SplittableRandom rnd = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + u);
    int primary = rnd.nextInt(cfg.clusters());
    int secondary = rnd.nextInt(cfg.clusters());
    long windowMicros = cfg.days() * 86_400_000_000L;
    long startMicros = cfg.start().getEpochSecond() * 1_000_000L;
    // Session start times: sorted uniform draws over the window.
    int sessions = Math.max(1, (int) Math.round(count / 5.0));
    long[] sessionStart = new long[sessions];
    for (int s = 0; s < sessions; s++) {
      sessionStart[s] = startMicros + (long) (rnd.nextDouble() * windowMicros);
    }
    Arrays.sort(sessionStart);
    String user = userId(u);
    int prev = -1;
    long ts = 0;
    for (int e = 0; e < count; e++) {
      int s = (int) ((long) e * sessions / count);
      boolean newSession = e == 0 || s != (int) ((long) (e - 1) * sessions / count);
      if (newSession) {
        // A session never starts before the previous one ended (at least an hour later).
        ts = e == 0 ? sessionStart[s] : Math.max(sessionStart[s], ts + 3_600_000_000L);
        prev = -1;
      } else {
        ts += 30_000_000L + (long) (rnd.nextDouble() * 570_000_000L);
      }
      int item;
      if (prev >= 0 && rnd.nextDouble() < 0.5) {
        item = successor[prev];
      } else {
        double r = rnd.nextDouble();
        int c = r < 0.70 ? primary : r < 0.85 ? secondary : -1;
        item = c < 0 ? sample(globalCdf, rnd) : clusterItems[c][sample(clusterCdf[c], rnd)];
      }
      double t = rnd.nextDouble();
      String type = t < 0.80 ? "view" : t < 0.92 ? "add_to_cart" : "purchase";
      w.write(new Interaction(user, itemId(item), type, null, ts));
      prev = item;
    }
  }

  /** The id written for user ordinal {@code u}. */
  public static String userId(int u) {
    return "u" + u;
  }

  /** The id written for item ordinal {@code i}. */
  public static String itemId(int i) {
    return "i" + i;
  }

  private double[] cdf(int[] members) {
    double[] c = new double[members.length];
    double acc = 0;
    for (int k = 0; k < members.length; k++) {
      acc += itemWeight[members[k]];
      c[k] = acc;
    }
    return c;
  }

  private static int sample(double[] cdf, SplittableRandom rnd) {
    double x = rnd.nextDouble() * cdf[cdf.length - 1];
    int i = Arrays.binarySearch(cdf, x);
    return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
  }

  private static int[] permutation(int n, SplittableRandom rnd) {
    int[] p = new int[n];
    Arrays.setAll(p, i -> i);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static double gaussian(SplittableRandom rnd) {
    double u1 = 1.0 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
