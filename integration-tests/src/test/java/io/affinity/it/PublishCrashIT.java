package io.affinity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.serving.ServingApp;
import io.affinity.serving.testing.Http;
import io.affinity.serving.testing.TestStores;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the train job (its own JVM, {@code bin/affinity train}) with SIGKILL at different points of
 * writing and publishing a snapshot, while a server serves the store. After every kill:
 * {@code _CURRENT} names a complete snapshot whose checksums verify, and the server still answers
 * from a verified snapshot. At the end {@code affinity snapshots gc} removes every leftover.
 *
 * <p>Trials: {@code -Daffinity.crash.trials} (default 7 in the build, one per kill point; {@code scripts/reliability}
 * runs 24). Kill points rotate over the table-writing stage and each publish step, with a seeded
 * random delay after the step is announced.
 */
class PublishCrashIT {
  private static final List<String> MARKERS = List.of("stage 7/8", "publish step HASH_FILES",
      "publish step WRITE_MANIFEST", "publish step VERIFY", "publish step MOVE_INTO_PLACE",
      "publish step WRITE_POINTER", "publish step SWAP_POINTER");
  @TempDir Path tmp;

  @Test
  void a_train_job_killed_anywhere_in_publishing_never_leaves_a_broken_current_snapshot() throws Exception {
    int trials = Integer.getInteger("affinity.crash.trials", 7);
    Path gen = tmp.resolve("gen");
    assertEquals(0, Jobs.affinity(tmp, "generate", gen.toString(), "--users", "300", "--items", "200",
        "--events", "6000").exit());
    Path store = tmp.resolve("store");
    List<String> train = List.of("train", "--interactions", gen.resolve("interactions").toString(), "--store",
        store.toString(), "--master", "local[2]", "--no-evaluate", "--rank", "8", "--max-iter", "3", "--force");
    Jobs.Run base = Jobs.affinity(tmp, train.toArray(String[]::new));
    assertEquals(0, base.exit(), base.output());
    SnapshotStore snapshots = new SnapshotStore(store);

    Random random = new Random(42);
    Map<String, Integer> killedAt = new LinkedHashMap<>();
    int published = 0;
    try (ServingApp app = new ServingApp(TestStores.config(store).withPollInterval(Duration.ofMillis(100)))
        .start()) {
      TestStores.awaitServing(app, snapshots.current().orElseThrow());
      Http http = new Http(app.port());
      String user = snapshots.openCurrent().orElseThrow().vectors("als", true).id(0);
      for (int trial = 0; trial < trials; trial++) {
        String marker = MARKERS.get(trial % MARKERS.size());
        int delayMs = marker.startsWith("stage") ? random.nextInt(3000) : random.nextInt(4);
        String before = snapshots.current().orElseThrow();
        String reached = killAt(train, marker, delayMs);
        killedAt.merge(reached, 1, Integer::sum);
        String now = snapshots.current().orElseThrow();
        if (!now.equals(before)) {
          published++;
        }
        Snapshot current = snapshots.open(now); // verifies every file's size and CRC32C
        assertEquals(now, current.manifest().snapshotId());
        assertTrue(app.refreshNow(), "trial " + trial + ": the server serves " + now);
        Http.Reply r = http.get("/v1/users/" + user + "/recommendations?k=5");
        assertEquals(200, r.status(), "trial " + trial + " (" + reached + "): " + r.raw().body());
        assertEquals(now, r.snapshot());
      }
      List<String> leftovers = leftovers(store);
      Jobs.Run gc = Jobs.affinity(tmp, "snapshots", "gc", "--store", store.toString(), "--keep", "1",
          "--min-leftover-minutes", "0");
      assertEquals(0, gc.exit(), gc.output());
      assertEquals(List.of(), leftovers(store), "gc left leftovers behind: " + gc.output());
      assertEquals(List.of(snapshots.current().orElseThrow()), snapshots.list());
      snapshots.openCurrent().orElseThrow();
      assertEquals(200, http.get("/v1/users/" + user + "/recommendations?k=5").status());
      System.out.printf("publish crash: %d trials, killed at %s, %d completed the pointer swap before the kill,"
          + " %d leftovers removed by gc, 0 broken snapshots%n", trials, killedAt, published, leftovers.size());
    }
  }

  /** Runs the train job and SIGKILLs it {@code delayMs} after it prints {@code marker}; returns where. */
  private String killAt(List<String> train, String marker, int delayMs) throws Exception {
    Process p = Jobs.start(tmp, train.toArray(String[]::new));
    String last = "before " + marker;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.contains(marker)) {
          Thread.sleep(delayMs);
          p.destroyForcibly(); // SIGKILL
          last = marker + " +" + delayMs + "ms";
          break;
        }
      }
    }
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
    return last;
  }

  /** Staging directories and temporary pointer or manifest files a killed publish left. */
  private static List<String> leftovers(Path store) throws Exception {
    List<String> out = new ArrayList<>();
    StoreLayout layout = new StoreLayout(store);
    if (Files.isDirectory(layout.stagingDir())) {
      try (Stream<Path> s = Files.list(layout.stagingDir())) {
        s.forEach(p -> out.add("_staging/" + p.getFileName()));
      }
    }
    try (Stream<Path> s = Files.list(store)) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_CURRENT.tmp-") || n.endsWith(".partial"))
          .forEach(out::add);
    }
    return out;
  }
}
