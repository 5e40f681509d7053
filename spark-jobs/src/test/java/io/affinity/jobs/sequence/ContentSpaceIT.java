package io.affinity.jobs.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.train.AlsParams;
import io.affinity.jobs.train.TrainConfig;
import io.affinity.jobs.train.TrainJob;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.read.VectorTable;
import io.affinity.transformers.content.ContentConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content space on local[2] Spark: items nobody interacted with get vectors, and their nearest
 * neighbours (cosine, as similar-items ranks them) share a catalogue tag far more often than random
 * pairs do.
 */
class ContentSpaceIT {
  private static final ContentConfig SMALL = new ContentConfig(16, 1, 2, 16, 5000, 64, 400, 0.005f, 0.1f, 100, 2, 42);
  @TempDir Path tmp;

  @Test
  void cold_items_get_vectors_whose_neighbours_share_tags() {
    Path data = tmp.resolve("gen");
    new SyntheticGenerator(GeneratorConfig.of(300, 1200, 5_000, 5)).write(data);
    TrainConfig cfg = TrainConfig.defaults(data.resolve("interactions").toString(), data.resolve("items").toString(),
        tmp.resolve("store")).withAls(new AlsParams(8, 0.1, 0.3, 5, 42)).withContent(SMALL);
    Manifest m = TrainJob.run(LocalSpark.get(), cfg, new io.affinity.jobs.util.Progress(System.out, TrainJob.STAGES))
        .manifest();
    assertTrue(m.files().stream().anyMatch(f -> f.path().equals("content/model/vocab.txt")), "vocabulary in the snapshot");
    Snapshot snap = new SnapshotStore(tmp.resolve("store")).openCurrent().orElseThrow();
    VectorTable als = snap.vectors("als", false);
    VectorTable content = snap.vectors("content", false);
    assertEquals(1200, content.size(), "every catalogue item has a content vector");
    assertEquals(8, content.dim());
    Set<String> warm = new HashSet<>();
    for (int i = 0; i < als.size(); i++) {
      warm.add(als.id(i));
    }
    assertTrue(warm.size() < 1200, "the log leaves some items cold: " + warm.size() + " warm");

    assertColdNeighboursShareTags(snap, content, warm);
    assertColdEvaluationBeatsChance(m);
  }

  @Test
  void a_supplied_text_model_is_copied_into_the_snapshot_and_applied_in_executors() {
    Path data = tmp.resolve("gen");
    new SyntheticGenerator(GeneratorConfig.of(300, 1200, 5_000, 5)).write(data);
    Path model = tmp.resolve("bag-of-words");
    io.affinity.transformers.content.BagOfWordsModel.export(model, 24, 5);
    TrainConfig cfg = TrainConfig.defaults(data.resolve("interactions").toString(), data.resolve("items").toString(),
        tmp.resolve("store")).withAls(new AlsParams(8, 0.1, 0.3, 5, 42))
        .withContent(SMALL.withExternalModel(model.toString()));
    Manifest m = TrainJob.run(LocalSpark.get(), cfg, new io.affinity.jobs.util.Progress(System.out, TrainJob.STAGES))
        .manifest();
    assertTrue(m.files().stream().anyMatch(f -> f.path().equals("content/model/saved_model.pb")),
        "the supplied model is part of the snapshot");
    assertTrue(m.files().stream().noneMatch(f -> f.path().equals("content/model/vocab.txt")), "nothing was trained");
    Snapshot snap = new SnapshotStore(tmp.resolve("store")).openCurrent().orElseThrow();
    VectorTable content = snap.vectors("content", false);
    VectorTable users = snap.vectors("content", true);
    assertEquals(1200, content.size(), "every catalogue item has a vector");
    assertEquals(24, content.dim(), "the space has the supplied model's dimension, not ALS's");
    assertEquals(24, users.dim());
    assertEquals(snap.vectors("als", true).size(), users.size(), "every user has a profile vector");
    Set<String> warm = new HashSet<>();
    VectorTable als = snap.vectors("als", false);
    for (int i = 0; i < als.size(); i++) {
      warm.add(als.id(i));
    }
    try (io.affinity.transformers.content.ExternalTextModel direct =
        io.affinity.transformers.content.ExternalTextModel.load(model)) {
      Map<String, String> text = new HashMap<>();
      snap.forEachCatalogItem(c -> text.put(c.itemId(), String.join(" ", c.title() == null ? "" : c.title(),
          String.join(" ", c.tags()), c.text() == null ? "" : c.text())));
      float[] driver = direct.encode(new String[] {text.get(content.id(7))})[0];
      org.junit.jupiter.api.Assertions.assertArrayEquals(driver, content.vector(7), 1e-6f,
          "executor inference equals driver inference for item " + content.id(7));
    }
    assertColdNeighboursShareTags(snap, content, warm);
    assertColdEvaluationBeatsChance(m);
  }

  private static void assertColdEvaluationBeatsChance(Manifest m) {
    double content = m.evaluation().metric("content_cold", "ndcg@10");
    double chance = m.evaluation().metric("random_cold", "ndcg@10");
    System.out.printf("cold items, ndcg@10: content %.4f, random vectors %.4f%n", content, chance);
    assertTrue(m.evaluation().protocol().containsKey("coldItems"), "the protocol says what cold items are");
    assertTrue(content > chance, "content " + content + " vs chance " + chance);
  }

  private static void assertColdNeighboursShareTags(Snapshot snap, VectorTable content, Set<String> warm) {
    Map<String, Set<String>> tags = new HashMap<>();
    snap.forEachCatalogItem(c -> tags.put(c.itemId(), new HashSet<>(c.tags())));
    int coldShared = 0;
    int coldPairs = 0;
    for (int i = 0; i < content.size(); i++) {
      if (warm.contains(content.id(i))) {
        continue;
      }
      for (int j : top(content, i, 10)) {
        coldPairs++;
        coldShared += share(tags, content.id(i), content.id(j)) ? 1 : 0;
      }
    }
    int randomShared = 0;
    int randomPairs = 0;
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
    for (int x = 0; x < 20_000; x++) {
      int a = rnd.nextInt(content.size());
      int b = rnd.nextInt(content.size());
      if (a != b) {
        randomPairs++;
        randomShared += share(tags, content.id(a), content.id(b)) ? 1 : 0;
      }
    }
    double cold = (double) coldShared / coldPairs;
    double random = (double) randomShared / randomPairs;
    System.out.printf("cold items' top-10 neighbours sharing a tag: %.3f; random pairs: %.3f%n", cold, random);
    assertTrue(cold > 2 * random, "cold neighbours share tags " + cold + " vs random " + random);
  }

  private static boolean share(Map<String, Set<String>> tags, String a, String b) {
    Set<String> ta = tags.getOrDefault(a, Set.of());
    for (String t : tags.getOrDefault(b, Set.of())) {
      if (ta.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /** The k most cosine-similar items to item i, i excluded (exact). */
  static List<Integer> top(VectorTable t, int i, int k) {
    float[] q = t.vector(i);
    double qn = norm(q);
    Integer[] idx = new Integer[t.size()];
    double[] score = new double[t.size()];
    for (int j = 0; j < t.size(); j++) {
      idx[j] = j;
      float[] v = t.vector(j);
      double dot = 0;
      for (int d = 0; d < v.length; d++) {
        dot += q[d] * v[d];
      }
      score[j] = j == i ? Double.NEGATIVE_INFINITY : dot / (qn * norm(v) + 1e-12);
    }
    java.util.Arrays.sort(idx, (a, b) -> Double.compare(score[b], score[a]));
    return java.util.Arrays.asList(idx).subList(0, k);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
