package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.util.Progress;
import io.affinity.store.ann.GraphFile;
import io.affinity.store.manifest.FileEntry;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.read.VectorTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot tables written by the executors in several parts: the same rows as one part, the same
 * bytes on a second run, and a neighbour graph whose node order is the parted item table's.
 */
class TableExportIT {
  private static final AlsParams SMALL = new AlsParams(16, 0.1, 0.3, 8, 42);
  private static final List<String> TABLE_DIRS = List.of("als/", "popularity/", "known_items/", "confidence/",
      "catalog/");
  @TempDir static Path shared;
  private static Path generated;
  @TempDir Path tmp;

  @BeforeAll
  static void generate() {
    generated = shared.resolve("gen");
    new SyntheticGenerator(GeneratorConfig.of(600, 1_500, 30_000, 5)).write(generated);
  }

  private static Manifest train(Path store, String rowsPerPart) {
    var spark = LocalSpark.get();
    if (rowsPerPart != null) {
      spark.conf().set(TableExport.ROWS_PER_PART_CONF, rowsPerPart);
    }
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      TrainConfig cfg = TrainConfig.defaults(generated.resolve("interactions").toString(),
          generated.resolve("items").toString(), store).withAls(SMALL);
      TrainResult r = TrainJob.run(spark, cfg, new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8),
          TrainJob.STAGES));
      System.out.print(buf.toString(StandardCharsets.UTF_8));
      return r.manifest();
    } finally {
      spark.conf().unset(TableExport.ROWS_PER_PART_CONF);
    }
  }

  @Test
  void parted_tables_hold_the_same_rows_as_one_part_and_repeat_byte_for_byte() {
    Manifest whole = train(tmp.resolve("one"), null);
    Manifest parted = train(tmp.resolve("parted"), "200");
    Manifest again = train(tmp.resolve("again"), "200");

    assertEquals(1, count(whole, "als/users/"), "600 users fit one part by default");
    assertEquals(3, count(parted, "als/users/"), "600 users in parts of at most 200 rows, hashed by id into 3");
    assertEquals(count(parted, "als/users/"), count(parted, "als/users.f32/"), "one float32 sidecar per Parquet part");
    assertTrue(count(parted, "als/items/") >= 6, "~1,500 items in parts of 200: " + count(parted, "als/items/"));
    assertTrue(count(parted, "known_items/") == 3 && count(parted, "confidence/") == 3);
    assertEquals(1, count(parted, "popularity/"), "the ranking is one sorted part");
    assertTrue(count(parted, "catalog/") >= 6);

    Snapshot one = open(tmp.resolve("one"));
    Snapshot many = open(tmp.resolve("parted"));
    for (boolean users : new boolean[] {true, false}) {
      Map<String, float[]> a = byId(one.vectors("als", users));
      Map<String, float[]> b = byId(many.vectors("als", users));
      assertEquals(a.keySet(), b.keySet());
      a.forEach((id, v) -> assertArrayEquals(v, b.get(id), "vector of " + id));
    }
    assertEquals(known(one), known(many));
    assertEquals(popularity(one), popularity(many), "the same ranking, in the same order");
    List<String> catalogA = new ArrayList<>();
    one.forEachCatalogItem(c -> catalogA.add(c.itemId()));
    List<String> catalogB = new ArrayList<>();
    many.forEachCatalogItem(c -> catalogB.add(c.itemId()));
    assertEquals(new java.util.TreeSet<>(catalogA), new java.util.TreeSet<>(catalogB));
    assertEquals(catalogA.size(), catalogB.size());

    assertEquals(tableFiles(parted), tableFiles(again), "same data and part count: the same bytes");

    IndexInfo graph = many.manifest().indexes().get(0);
    VectorTable items = many.vectors("als", false);
    assertEquals(items.size(), graph.nodes());
    GraphFile.Adjacency adj = GraphFile.read(many.dir().resolve(graph.parts().get(0).path()), items.size());
    assertTrue(graphRecall(items, adj) > 0.5, "graph node i is item row i: neighbours are near by cosine, recall "
        + graphRecall(items, adj));
  }

  private static Snapshot open(Path store) {
    return new SnapshotStore(store).openCurrent().orElseThrow();
  }

  private static long count(Manifest m, String prefix) {
    return m.files().stream().filter(f -> f.path().startsWith(prefix) && f.path().indexOf('/', prefix.length()) < 0)
        .count();
  }

  private static Map<String, float[]> byId(VectorTable t) {
    Map<String, float[]> out = new HashMap<>();
    for (int i = 0; i < t.size(); i++) {
      out.put(t.id(i), t.vector(i));
    }
    return out;
  }

  private static Map<String, List<String>> known(Snapshot s) {
    Map<String, List<String>> out = new TreeMap<>();
    s.forEachKnownItems(r -> out.put(r.userId(), r.itemIds()));
    return out;
  }

  private static List<String> popularity(Snapshot s) {
    List<String> out = new ArrayList<>();
    s.forEachPopularity(r -> out.add(r.itemId() + ":" + r.users()));
    return out;
  }

  private static Map<String, String> tableFiles(Manifest m) {
    Map<String, String> out = new TreeMap<>();
    for (FileEntry f : m.files()) {
      if (TABLE_DIRS.stream().anyMatch(f.path()::startsWith)) {
        out.put(f.path(), f.sha256());
      }
    }
    return out;
  }

  /** Mean share of each node's graph neighbours that are among its 20 nearest items by cosine. */
  private static double graphRecall(VectorTable items, GraphFile.Adjacency adj) {
    int n = items.size();
    int dim = items.dim();
    float[] d = items.data();
    double[] norm = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int k = 0; k < dim; k++) {
        s += d[i * dim + k] * d[i * dim + k];
      }
      norm[i] = Math.sqrt(s) + 1e-12;
    }
    double total = 0;
    int sampled = 0;
    for (int i = 0; i < n; i += 25) {
      Integer[] order = new Integer[n];
      double[] cos = new double[n];
      for (int j = 0; j < n; j++) {
        order[j] = j;
        double s = 0;
        for (int k = 0; k < dim; k++) {
          s += d[i * dim + k] * d[j * dim + k];
        }
        cos[j] = j == i ? Double.NEGATIVE_INFINITY : s / (norm[i] * norm[j]);
      }
      java.util.Arrays.sort(order, (x, y) -> Double.compare(cos[y], cos[x]));
      java.util.Set<Integer> top = new java.util.HashSet<>(java.util.Arrays.asList(order).subList(0, 20));
      int hits = 0;
      int edges = 0;
      for (int e = 0; e < adj.degree(); e++) {
        int nb = adj.neighbors()[i * adj.degree() + e];
        if (nb >= 0) {
          edges++;
          hits += top.contains(nb) ? 1 : 0;
        }
      }
      if (edges > 0) {
        total += hits / (double) Math.min(edges, 20);
        sampled++;
      }
    }
    return total / sampled;
  }
}
