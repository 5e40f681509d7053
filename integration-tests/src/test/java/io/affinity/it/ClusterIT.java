package io.affinity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.serving.ServingApp;
import io.affinity.serving.testing.Http;
import io.affinity.serving.testing.TestStores;
import io.affinity.store.StoreFiles;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.privacy.Pseudonymizer;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.remote.CachedRemoteStore;
import io.affinity.store.remote.RemoteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The train job on a real multi-process Spark cluster ({@link SparkCluster}: a master and two
 * workers in their own JVMs, each worker with a private {@code /tmp} and its own loopback
 * address, so no executor can read the driver's or another worker's local files), submitted as
 * users do, through {@code org.apache.spark.deploy.SparkSubmit} with the shaded job jar, in client
 * and in cluster mode. The stores live where a cluster keeps them: a directory outside
 * {@code /tmp} that every node sees (the stand-in for a distributed file system) and s3proxy
 * ({@code s3a://}). Every run's snapshot is verified and served by a real server.
 *
 * <p>The flags here are the ones docs/cluster.md and infra/k8s/nightly-train.yaml give. Without
 * mount namespaces (not root, or no {@code unshare}) the test says why and is skipped, unless
 * {@code AFFINITY_REQUIRE_CLUSTER=1} (set by {@code .ci/run} as root), which makes it fail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final Path ROOT = Jobs.ROOT.resolve("integration-tests/target/cluster-it");
  private static final String KEY = "cluster-it-pseudonym-key-0123456789abcdef";
  private static final String JOB_JAR = "spark-jobs/target/affinity-spark-jobs-0.1.0-SNAPSHOT-job.jar";
  private static SparkCluster cluster;
  private static S3Proxy s3;
  private static Path shared;
  private static String s1;

  @BeforeAll
  static void start() throws Exception {
    var missing = SparkCluster.isolationUnavailable();
    if (missing.isPresent()) {
      String why = "ClusterIT needs isolated worker disks: " + missing.get();
      if ("1".equals(System.getenv("AFFINITY_REQUIRE_CLUSTER"))) {
        throw new IllegalStateException(why + " (AFFINITY_REQUIRE_CLUSTER=1: failing rather than skipping)");
      }
      System.out.println(why + "; skipped");
      Assumptions.abort(why);
    }
    StoreFiles.deleteTree(ROOT);
    Files.createDirectories(ROOT);
    s3 = new S3Proxy(ROOT);
    cluster = new SparkCluster(ROOT, Files.readString(Jobs.ROOT.resolve("spark-jobs/target/classpath.txt")).trim(), 2,
        1, "3g");
    shared = cluster.shared();
    Path ml = Jobs.ROOT.getParent().resolve("shared/datasets/ml-latest-small");
    Jobs.Run data = Files.isRegularFile(ml.resolve("ratings.csv"))
        ? Jobs.affinity(Jobs.ROOT, "import", "movielens", ml.toString(), shared.resolve("ml").toString())
        : Jobs.affinity(Jobs.ROOT, "generate", shared.resolve("ml").toString(), "--users", "600", "--items", "3000",
            "--events", "100000");
    if (!Files.isRegularFile(ml.resolve("ratings.csv"))) {
      System.out.println("ClusterIT: ../shared/datasets/ml-latest-small is absent; using the synthetic generator");
    }
    assertEquals(0, data.exit(), data.output());
    RemoteStore bucket = RemoteStore.open("s3a://affinity", s3.settings());
    bucket.uploadTree(shared.resolve("ml/interactions"), "logs/interactions");
    bucket.uploadTree(shared.resolve("ml/items"), "logs/items");
    // Cluster mode: the driver runs on a worker, so the jar must be where every node can read it.
    Files.copy(Jobs.ROOT.resolve(JOB_JAR), shared.resolve("affinity-job.jar"));
    io.affinity.transformers.content.BagOfWordsModel.export(shared.resolve("text-model"), 16, 7);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  /** What one submission printed and returned. */
  private record Run(int exit, String output, List<String> killed) {}

  /** The confs docs/cluster.md gives for this cluster (TensorFlow's native memory sits outside the heap). */
  private static Map<String, String> conf() {
    Map<String, String> c = new HashMap<>();
    c.put("spark.executor.memory", "1500m");
    c.put("spark.executor.memoryOverhead", "768m");
    c.put("spark.cores.max", "2");
    c.put("spark.sql.shuffle.partitions", "8");
    // Tables in parts of 300 rows: several executors write parts of every table straight to S3.
    c.put("spark.affinity.export.rowsPerPart", "300");
    c.put("spark.executorEnv.AWS_ACCESS_KEY_ID", S3Proxy.ACCESS);
    c.put("spark.executorEnv.AWS_SECRET_ACCESS_KEY", S3Proxy.SECRET);
    return c;
  }

  private static Map<String, String> env() {
    Map<String, String> e = new HashMap<>(S3Proxy.credentials());
    e.put(Pseudonymizer.KEY_ENV, KEY);
    return e;
  }

  /** Client mode: the driver is the submitting JVM (its disk is not the executors'). */
  private static Run client(String name, java.util.function.BiConsumer<Process, Path> watch, String... args)
      throws Exception {
    Path log = ROOT.resolve(name + ".log");
    Process p = cluster.submit("client", Jobs.ROOT.resolve(JOB_JAR).toString(), conf(), env(), log, List.of(args));
    List<String> killed = new ArrayList<>();
    if (watch != null) {
      watch.accept(p, log);
    }
    if (!p.waitFor(12, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(name + " did not finish in 12 minutes:\n" + SparkCluster.tail(log));
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), killed);
  }

  private static List<String> s3Args() {
    return s3.storeConfArgs();
  }

  private static String[] args(List<String> head, List<String> tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(tail);
    return all.toArray(String[]::new);
  }

  @Test
  @Order(1)
  void client_mode_on_s3_trains_and_evaluates_every_space() throws Exception {
    Run r = client("s3-every-space", null, args(List.of("train", "--interactions", "s3a://affinity/logs/interactions",
        "--items", "s3a://affinity/logs/items", "--store", "s3a://affinity/store", "--sequence", "--content",
        "--seq-steps", "60", "--seq-eval-every", "30", "--content-steps", "60", "--window", "36500d"), s3Args()));
    assertEquals(0, r.exit(), SparkCluster.tail(ROOT.resolve("s3-every-space.log")));
    assertTrue(r.output().contains("master " + cluster.masterUrl()), "ran on the cluster");
    assertTrue(r.output().contains("checkpoints in s3a://affinity/store/_checkpoints/app-"), "checkpoints on S3");
    assertTrue(r.output().contains("model shipped as"), "the sequence model reached the executors as bytes");
    RemoteStore store = RemoteStore.open("s3a://affinity/store", s3.settings());
    s1 = store.current().orElseThrow();
    Manifest m = store.manifest(s1);
    assertEquals(java.util.Set.of("als", "sequence", "hybrid", "content"),
        m.spaces().stream().map(s -> s.name()).collect(Collectors.toSet()));
    Object served = ((java.util.Map<?, ?>) m.parameters().get("servedSpace")).get("space");
    assertTrue(List.of("als", "sequence", "hybrid").contains(served), "a trained collaborative space serves: " + served);
    assertEquals(served, m.spaces().get(0).name(), "the served space is the manifest's first");
    assertTrue(m.evaluation().models().containsKey("content_cold"), "cold items evaluated: " + m.evaluation().models()
        .keySet());
    assertTrue(m.evaluation().models().containsKey("sequence"), "sequence evaluated");
    assertTrue(r.output().contains("write snapshot tables from the executors to s3a://affinity/store/snapshots/" + s1),
        "the executors wrote the tables straight into the store");
    for (String space : List.of("als", "sequence", "hybrid", "content")) {
      long parts = m.files().stream().filter(f -> f.path().startsWith(space + "/items/part-")).count();
      long sidecars = m.files().stream().filter(f -> f.path().startsWith(space + "/items.f32/part-")).count();
      assertTrue(parts >= 2 && parts == sidecars, space + ": items in " + parts + " Parquet parts, " + sidecars
          + " float32 parts");
      assertTrue(m.files().stream().anyMatch(f -> f.path().equals(space + "/items.graph")), space + " graph listed");
    }
    var checkpoints = new org.apache.hadoop.fs.Path("s3a://affinity/store/_checkpoints");
    var fs = checkpoints.getFileSystem(hadoop());
    assertFalse(fs.exists(checkpoints) && fs.listStatus(checkpoints).length > 0, "the run deleted its checkpoints");
    serveRemote(store, s1, List.of("als", "sequence", "hybrid"), "content");
  }

  @Test
  @Order(2)
  void cluster_mode_on_a_shared_store_with_a_supplied_text_model_and_pseudonyms() throws Exception {
    // Cluster mode, and the default final fit of a sampled evaluation: the evaluated users folded in.
    Path log = ROOT.resolve("shared-cluster-mode.log");
    Map<String, String> c = conf();
    c.put("spark.standalone.submit.waitAppCompletion", "true");
    c.put("spark.driver.memory", "1500m");
    Process p = cluster.submit("cluster", "file://" + shared.resolve("affinity-job.jar"), c, env(), log,
        List.of("train", "--interactions", shared.resolve("ml/interactions").toString(), "--items",
            shared.resolve("ml/items").toString(), "--store", shared.resolve("store").toString(), "--checkpoint-dir",
            "file://" + shared.resolve("checkpoints"), "--content-model", shared.resolve("text-model").toString(),
            "--pseudonymize-users", "--eval-users", "100"));
    assertTrue(p.waitFor(12, TimeUnit.MINUTES), "cluster-mode submission finished");
    String driverOut = driverOutput();
    assertEquals(0, p.exitValue(), SparkCluster.tail(log) + "\n--- driver ---\n" + driverOut);
    assertTrue(driverOut.contains("published"), driverOut);
    SnapshotStore store = new SnapshotStore(shared.resolve("store"));
    Snapshot snap = store.openCurrent().orElseThrow(); // verifies every file
    Manifest m = snap.manifest();
    assertEquals(List.of("als", "content"), m.spaces().stream().map(s -> s.name()).collect(Collectors.toList()));
    assertTrue(m.parameters().containsKey("pseudonymizedUsers"), "pseudonymised");
    // --eval-users 100 of 610: only the sample held out pairs, and its users were folded into the
    // evaluated model on the executors (the item vectors reach them as an added file).
    assertTrue(String.valueOf(m.evaluation().protocol().get("fit")).startsWith(
        "the published item vectors are the evaluated model's"), String.valueOf(m.evaluation().protocol()));
    String raw = rawUser();
    assertTrue(snap.vectors("als", true).ordinal(raw) < 0, "no raw user id in the store");
    try (ServingApp app = new ServingApp(TestStores.config(shared.resolve("store"))
        .withPseudonyms(new Pseudonymizer(KEY))).start()) {
      TestStores.awaitServing(app, m.snapshotId());
      Http http = new Http(app.port());
      Http.Reply rec = http.get("/v1/users/" + raw + "/recommendations?k=5");
      assertEquals(200, rec.status(), rec.raw().body());
      assertEquals("personalized", rec.body().get("source").asText(), rec.raw().body());
      String item = snap.vectors("content", false).id(0);
      assertEquals(200, http.get("/v1/items/" + item + "/similar?k=5&space=content").status());
    }
  }

  @Test
  @Order(3)
  void an_executor_killed_during_the_als_fit_is_replaced_and_the_gate_compares() throws Exception {
    String before = new SnapshotStore(shared.resolve("store")).current().orElseThrow();
    List<String> killed = new ArrayList<>();
    Run r = client("executor-kill", (p, log) -> killedDuringAls(p, log, killed), "train", "--interactions",
        shared.resolve("ml/interactions").toString(), "--store", shared.resolve("store").toString(),
        "--checkpoint-dir", "file://" + shared.resolve("checkpoints"), "--pseudonymize-users", "--rank", "32",
        "--max-iter", "12");
    assertFalse(killed.isEmpty(), "an executor was killed during the ALS fit");
    System.out.println("ClusterIT: killed executor(s) " + killed + " during the final ALS fit");
    assertTrue(r.exit() == 0 || r.exit() == 3, "published (or refused by the gate): exit " + r.exit() + "\n"
        + SparkCluster.tail(ROOT.resolve("executor-kill.log")));
    assertTrue(r.output().contains("metric gate: ndcg@10 against the current snapshot"), "the gate ran");
    SnapshotStore store = new SnapshotStore(shared.resolve("store"));
    List<String> ids = store.list();
    String candidate = ids.get(ids.size() - 1);
    assertFalse(candidate.equals(before), "a new snapshot was stored");
    Snapshot snap = store.open(candidate); // verifies every file
    Map<String, Object> gate = snap.manifest().evaluation().gate();
    assertEquals(before, gate.get("incumbentSnapshot"), "the gate compared with the current snapshot: " + gate);
    assertTrue(gate.get("incumbent") instanceof Number && gate.get("candidate") instanceof Number, "values: " + gate);
    assertEquals(new SnapshotStore(shared.resolve("store")).open(before).manifest().spaces().get(0).userCount(),
        snap.manifest().spaces().get(0).userCount(), "every user has a vector after the executor was lost");
  }

  @Test
  @Order(4)
  void tune_runs_on_the_cluster() throws Exception {
    Run r = client("tune", null, "tune", "--interactions", shared.resolve("ml/interactions").toString(), "--trials",
        "2", "--ranks", "16", "--max-iters", "5", "--checkpoint-dir", "file://" + shared.resolve("checkpoints"),
        "--output", shared.resolve("tuning.json").toString());
    assertEquals(0, r.exit(), SparkCluster.tail(ROOT.resolve("tune.log")));
    String json = Files.readString(shared.resolve("tuning.json"));
    assertTrue(json.contains("\"trials\""), json);
  }

  @Test
  @Order(5)
  void a_driver_killed_mid_publish_to_s3_leaves_nothing_half_written_served() throws Exception {
    RemoteStore store = RemoteStore.open("s3a://affinity/store", s3.settings());
    String before = store.current().orElseThrow();
    List<String> killed = new ArrayList<>();
    Path uploads = s3.data().resolve("affinity/store/snapshots");
    Run r = client("driver-kill", (p, log) -> {
      awaitLine(log, "uploading snapshot", Duration.ofMinutes(8));
      // SIGKILL the client-mode driver JVM once the new snapshot's first objects are on S3, before its manifest.
      String id = between(log, "uploading snapshot ", " to ");
      awaitFile(uploads.resolve(id), Duration.ofSeconds(60));
      p.destroyForcibly();
      killed.add("driver after " + countFiles(uploads.resolve(id)) + " objects of " + id);
    }, args(List.of("train", "--interactions", "s3a://affinity/logs/interactions", "--store", "s3a://affinity/store",
        "--no-evaluate", "--rank", "8", "--max-iter", "5"), s3Args()));
    assertEquals(1, killed.size());
    System.out.println("ClusterIT: killed the " + killed.get(0));
    assertTrue(r.exit() != 0, "the driver was killed");
    String now = store.current().orElseThrow();
    System.out.println("ClusterIT: driver killed mid-publish; _CURRENT " + (now.equals(before) ? "unchanged" : "moved")
        + " (" + now + ")");
    serveRemote(store, now, List.of("als"), null); // whatever it names verifies and serves
    String id = killed.get(0).substring(killed.get(0).lastIndexOf(' ') + 1);
    boolean sealed = Files.exists(uploads.resolve(id).resolve(io.affinity.store.layout.StoreLayout.MANIFEST));
    var gc = new io.affinity.store.admin.RemoteAdmin(store).gc(10, Duration.ZERO);
    System.out.println("ClusterIT: gc after the kill: " + gc + (sealed ? " (the upload had finished)" : ""));
    // A half-written upload (no manifest) is a leftover gc removes; a finished one is a snapshot.
    assertEquals(sealed ? 0 : 1, gc.leftovers().size(), gc.toString());
    assertFalse(Files.exists(uploads.resolve(id)) && !sealed, "the half-written upload is gone");
    for (String listed : store.list()) {
      store.manifest(listed); // every listed snapshot has a readable manifest: no half-written upload is listed
    }
  }

  /** Waits for the final ALS fit, then SIGKILLs worker 2's executor JVM. */
  private static void killedDuringAls(Process p, Path log, List<String> killed) {
    awaitLine(log, "stage 6/8: fit ALS on all data", Duration.ofMinutes(8));
    try {
      Thread.sleep(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle h : cluster.executors(2)) {
      h.destroyForcibly();
      killed.add(Long.toString(h.pid()));
    }
  }

  private static String between(Path log, String before, String after) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      int i = text.indexOf(before) + before.length();
      return text.substring(i, text.indexOf(after, i));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void awaitFile(Path dir, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (countFiles(dir) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nothing uploaded to " + dir + " in " + timeout);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long countFiles(Path dir) {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  private static void awaitLine(Path log, String line, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!Files.exists(log) || !Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no '" + line + "' in " + timeout + ":\n" + SparkCluster.tail(log));
        }
        Thread.sleep(50);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Pulls {@code id} through a verifying cache and serves it; every space answers. */
  private static void serveRemote(RemoteStore store, String id, List<String> userSpaces, String itemSpace)
      throws Exception {
    Path cache = ROOT.resolve("cache-" + id);
    try (ServingApp app = new ServingApp(TestStores.config(cache), new CachedRemoteStore(store, cache, 2),
        new io.affinity.store.admin.RemoteAdmin(store)).start()) {
      TestStores.awaitServing(app, id);
      Snapshot snap = new SnapshotStore(cache).open(id);
      Http http = new Http(app.port());
      String user = snap.vectors("als", true).id(0);
      for (String space : userSpaces) {
        Http.Reply rec = http.get("/v1/users/" + user + "/recommendations?k=5&space=" + space);
        assertEquals(200, rec.status(), space + ": " + rec.raw().body());
        assertEquals(5, rec.ids().size(), space);
      }
      if (itemSpace != null) {
        String item = snap.vectors(itemSpace, false).id(0);
        assertEquals(200, http.get("/v1/items/" + item + "/similar?k=5&space=" + itemSpace).status());
      }
    }
  }

  /** The cluster-mode driver's stdout and stderr, from the worker that ran it. */
  private static String driverOutput() throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    for (int n = 1; n <= 2; n++) {
      try (var dirs = Files.list(cluster.workerDir(n))) {
        for (Path d : dirs.filter(d -> d.getFileName().toString().startsWith("driver-")).toList()) {
          for (String f : List.of("stdout", "stderr")) {
            if (Files.exists(d.resolve(f))) {
              sb.append(Files.readString(d.resolve(f), StandardCharsets.UTF_8));
            }
          }
        }
      }
    }
    return sb.toString();
  }

  /** A user id as the log has it (the first ratings row). */
  private static String rawUser() throws java.io.IOException {
    Path ratings = Jobs.ROOT.getParent().resolve("shared/datasets/ml-latest-small/ratings.csv");
    return Files.isRegularFile(ratings) ? Files.readAllLines(ratings).get(1).split(",")[0] : "u0";
  }

  private static org.apache.hadoop.conf.Configuration hadoop() {
    org.apache.hadoop.conf.Configuration c = new org.apache.hadoop.conf.Configuration();
    s3.settings().forEach(c::set);
    return c;
  }
}
