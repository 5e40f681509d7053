package io.affinity.bench.serving;

import io.affinity.serving.ServingApp;
import io.affinity.serving.config.ServingConfig;
import io.affinity.serving.recommend.RecommendService;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.Producer;
import io.affinity.store.manifest.SpaceInfo;
import io.affinity.store.manifest.TableInfo;
import io.affinity.store.parquet.KnownItemsRow;
import io.affinity.store.parquet.ParquetTableWriter;
import io.affinity.store.parquet.PopularityRow;
import io.affinity.store.parquet.SnapshotTables;
import io.affinity.store.parquet.VectorRow;
import io.affinity.store.publish.SnapshotPublisher;
import io.affinity.store.publish.StagedSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * End-to-end latency of {@code GET /v1/users/{id}/recommendations?k=10} on a real server over
 * loopback (one connection, sequential), against the same recommendation computed in-process by
 * the service, on a published snapshot of N items x 64 and U users with 20 known items each.
 * Also reports the snapshot load time. Bounded: a fixed number of requests to 127.0.0.1 only.
 *
 * <p>Usage: {@code HttpBench ITEMS USERS REQUESTS}
 */
public final class HttpBench {
  private HttpBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    int items = Integer.parseInt(args[0]);
    int users = Integer.parseInt(args[1]);
    int requests = Integer.parseInt(args[2]);
    int dim = 64;
    Path store = Files.createTempDirectory("affinity-http-bench");
    publish(store, items, users, dim);
    ServingApp app = new ServingApp(new ServingConfig(store, "127.0.0.1", 0, false, 1000, 10,
        Duration.ofHours(1), Integer.MAX_VALUE, 100, null)).start();
    long t0 = System.nanoTime();
    while (app.holder().current() == null) {
      Thread.sleep(20);
    }
    double loadMs = (System.nanoTime() - t0) / 1e6;
    RecommendService service = new RecommendService(new io.affinity.serving.metrics.ServingMetrics(java.time.Clock.systemUTC()));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    SplittableRandom r = new SplittableRandom(7);
    String base = "http://127.0.0.1:" + app.port() + "/v1/users/";
    for (int i = 0; i < 3_000; i++) { // JIT warm-up of both paths
      String u = "u" + r.nextInt(users);
      service.recommend(app.holder().current(), u, null, 10);
      http.send(HttpRequest.newBuilder(URI.create(base + u + "/recommendations?k=10")).build(),
          HttpResponse.BodyHandlers.ofString());
    }
    Latencies direct = new Latencies(requests);
    Latencies overHttp = new Latencies(requests);
    int errors = 0;
    for (int i = 0; i < requests; i++) {
      String u = "u" + r.nextInt(users);
      long a = System.nanoTime();
      service.recommend(app.holder().current(), u, null, 10);
      direct.add(System.nanoTime() - a);
      long b = System.nanoTime();
      HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(base + u + "/recommendations?k=10")).build(),
          HttpResponse.BodyHandlers.ofString());
      overHttp.add(System.nanoTime() - b);
      errors += resp.statusCode() == 200 ? 0 : 1;
    }
    app.close();
    System.out.printf(Locale.ROOT, "recommendations k=10, %,d items x %d, %,d users, %,d requests, 1 connection%n",
        items, dim, users, requests);
    System.out.printf(Locale.ROOT, "  snapshot load (verify + parse + index): %.0f ms%n", loadMs);
    System.out.println("  in-process service : " + direct.summary());
    System.out.println("  HTTP (loopback)    : " + overHttp.summary());
    System.out.printf(Locale.ROOT, "  ratio HTTP/in-process p50 = %.2fx; non-200 responses: %d%n",
        overHttp.percentileMicros(50) / direct.percentileMicros(50), errors);
  }

  private static void publish(Path store, int items, int users, int dim) throws Exception {
    SnapshotPublisher p = new SnapshotPublisher(new StoreLayout(store));
    StagedSnapshot s = p.stage();
    float[] iv = Vectors.clustered(items, dim, 50, 11);
    float[] uv = Vectors.clustered(users, dim, 50, 12);
    writeVectors(s, "als/items", "item_id", "i", iv, items, dim);
    writeVectors(s, "als/users", "user_id", "u", uv, users, dim);
    try (ParquetTableWriter<PopularityRow> w = SnapshotTables.popularityWriter(dir(s, "popularity").resolve("part-00000.parquet"))) {
      for (int i = 0; i < items; i++) {
        w.write(new PopularityRow("i" + i, items - i, items - i));
      }
    }
    SplittableRandom r = new SplittableRandom(13);
    try (ParquetTableWriter<KnownItemsRow> w = SnapshotTables.knownItemsWriter(dir(s, "known_items").resolve("part-00000.parquet"))) {
      for (int u = 0; u < users; u++) {
        List<String> known = new ArrayList<>();
        for (int j = 0; j < 20; j++) {
          known.add("i" + r.nextInt(items));
        }
        w.write(new KnownItemsRow("u" + u, known));
      }
    }
    Manifest draft = new Manifest(Manifest.FORMAT_VERSION, "d", "d", new Producer("http-bench", "0", "bench"),
        List.of(), Map.of(), List.of(new SpaceInfo("als", dim, "dot", "als/users", "als/items", users, items)),
        List.of(new TableInfo("als/users", "als/users", users), new TableInfo("als/items", "als/items", items),
            new TableInfo("popularity", "popularity", items), new TableInfo("known_items", "known_items", users)),
        List.of(), null, List.of());
    p.publish(s, draft, true);
  }

  private static void writeVectors(StagedSnapshot s, String table, String col, String prefix, float[] data,
      int n, int dim) throws Exception {
    try (ParquetTableWriter<VectorRow> w = SnapshotTables.vectorWriter(dir(s, table).resolve("part-00000.parquet"), col)) {
      for (int i = 0; i < n; i++) {
        w.write(new VectorRow(prefix + i, Arrays.copyOfRange(data, i * dim, (i + 1) * dim)));
      }
    }
  }

  private static Path dir(StagedSnapshot s, String table) throws Exception {
    return Files.createDirectories(s.tableDir(table));
  }
}
