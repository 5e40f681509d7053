package io.affinity.bench.jobs;

import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.read.VectorTable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Does the content space put items next to items of the same genre or tag? For the current
 * snapshot of a store: the share of each item's top-10 cosine neighbours in the {@code content}
 * space that have a catalogue tag in common with it, for cold items (no ALS vector) and for warm
 * ones, against the same share over 100,000 seeded random pairs (the chance level).
 *
 * <p>Usage: {@code ContentNeighbours STORE}
 */
public final class ContentNeighbours {
  private ContentNeighbours() {}

  /** Runs the measurement. */
  public static void main(String[] args) {
    Snapshot snap = new SnapshotStore(Path.of(args[0])).openCurrent().orElseThrow();
    VectorTable content = snap.vectors("content", false);
    VectorTable als = snap.vectors("als", false);
    Map<String, Set<String>> tags = new HashMap<>();
    snap.forEachCatalogItem(c -> tags.put(c.itemId(), new HashSet<>(c.tags())));
    int n = content.size();
    int dim = content.dim();
    float[] unit = new float[n * dim];
    for (int i = 0; i < n; i++) {
      float[] v = content.vector(i);
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      float inv = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
      for (int d = 0; d < dim; d++) {
        unit[i * dim + d] = v[d] * inv;
      }
    }
    long[] cold = new long[2];
    long[] warm = new long[2];
    for (int i = 0; i < n; i++) {
      long[] acc = als.ordinal(content.id(i)) < 0 ? cold : warm;
      for (int j : top10(unit, dim, n, i)) {
        acc[0]++;
        acc[1] += share(tags, content.id(i), content.id(j)) ? 1 : 0;
      }
    }
    SplittableRandom rnd = new SplittableRandom(42);
    long pairs = 0;
    long shared = 0;
    while (pairs < 100_000) {
      int a = rnd.nextInt(n);
      int b = rnd.nextInt(n);
      if (a != b) {
        pairs++;
        shared += share(tags, content.id(a), content.id(b)) ? 1 : 0;
      }
    }
    double chance = (double) shared / pairs;
    System.out.printf("content space of %s: %,d items (%,d cold), dim %d%n", snap.manifest().snapshotId(), n,
        cold[0] / 10, dim);
    System.out.printf("top-10 neighbours sharing a tag: cold items %.3f, warm items %.3f; random pairs %.3f"
        + " (cold/random %.2fx)%n", (double) cold[1] / Math.max(1, cold[0]), (double) warm[1] / warm[0], chance,
        (double) cold[1] / Math.max(1, cold[0]) / chance);
  }

  private static int[] top10(float[] unit, int dim, int n, int q) {
    int[] best = new int[10];
    float[] score = new float[10];
    java.util.Arrays.fill(score, Float.NEGATIVE_INFINITY);
    for (int j = 0; j < n; j++) {
      if (j == q) {
        continue;
      }
      float s = 0;
      for (int d = 0; d < dim; d++) {
        s += unit[q * dim + d] * unit[j * dim + d];
      }
      if (s > score[9]) {
        int p = 9;
        while (p > 0 && score[p - 1] < s) {
          score[p] = score[p - 1];
          best[p] = best[p - 1];
          p--;
        }
        score[p] = s;
        best[p] = j;
      }
    }
    return best;
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
}
