package io.affinity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.serving.ServingApp;
import io.affinity.serving.config.ServingConfig;
import io.affinity.serving.testing.Http;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.read.SnapshotStore;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's path with their own log, through the real command line: a retail clickstream as CSV
 * (its own column names, three event types with different weights, ISO times with a space, one
 * gzipped file, CRLF lines, quoted commas, a few malformed lines) and a product file go through
 * {@code affinity import csv}, {@code affinity train} and a real server. Shoppers keep to their
 * favourite categories, so the served recommendations must do the same far above chance.
 */
class ImportTrainServeIT {
  private static final String[] CATEGORIES = {"shoes", "hats", "bags", "coats", "socks", "belts"};
  private static final int USERS = 500;
  private static final int ITEMS = 360;
  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void a_csv_clickstream_is_imported_trained_and_served() throws Exception {
    Path exports = Files.createDirectories(tmp.resolve("exports"));
    Map<String, Integer> favourite = writeClickstream(exports);
    Jobs.Run imported = Jobs.affinity(Jobs.ROOT, "import", "csv", exports.resolve("clicks-*").toString(),
        tmp.resolve("shop").toString(), "--user", "visitor", "--item", "product_sku", "--event-type", "action",
        "--ts", "happened_at", "--ts-format", "iso", "--event-weight", "view=1", "--event-weight", "add_to_cart=3",
        "--event-weight", "purchase=5", "--items", exports.resolve("products.csv").toString(), "--item-id", "sku",
        "--title", "name", "--tags", "categories", "--text", "description");
    System.out.println(imported.output());
    assertEquals(0, imported.exit(), imported.output());
    assertTrue(imported.output().contains("360 items"), imported.output());
    assertTrue(imported.output().contains("3 malformed lines rejected {bad_timestamp=1, empty_user=1,"
        + " unbalanced_quotes=1}"), imported.output());
    assertTrue(Files.isRegularFile(tmp.resolve("shop/quarantine/rejected.tsv")));

    Path store = tmp.resolve("store");
    Jobs.Run trained = Jobs.affinity(Jobs.ROOT, "train", "--interactions", tmp.resolve("shop/interactions").toString(),
        "--items", tmp.resolve("shop/items").toString(), "--store", store.toString());
    System.out.println(trained.output());
    assertEquals(0, trained.exit(), trained.output());
    assertTrue(trained.output().contains("served by default: als"), trained.output());
    Manifest m = new SnapshotStore(store).openCurrent().orElseThrow().manifest();
    Map<String, Object> served = (Map<String, Object>) m.parameters().get("servedSpace");
    assertEquals("als", served.get("space"), "ALS alone was trained");

    ServingConfig cfg = ServingConfig.defaults(store, 0).withHost("127.0.0.1").withRequestLog(false)
        .withPollInterval(Duration.ofHours(1));
    try (ServingApp app = new ServingApp(cfg).start()) {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (app.holder().current() == null && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Http http = new Http(app.port());
      int inFavourite = 0;
      int answered = 0;
      for (int u = 0; u < 100; u++) {
        Http.Reply r = http.get("/v1/users/v-" + u + "/recommendations?k=5");
        assertEquals(200, r.status(), r.body().toString());
        assertEquals("personalized", r.body().path("source").asText(), r.body().toString());
        for (String id : r.ids()) {
          answered++;
          inFavourite += category(id) == favourite.get("v-" + u) ? 1 : 0;
        }
      }
      double share = inFavourite / (double) answered;
      System.out.printf(Locale.ROOT, "ImportTrainServeIT: %.3f of %d recommendations in the user's favourite"
          + " category (chance %.3f)%n", share, answered, 1.0 / CATEGORIES.length);
      assertTrue(share > 0.5, "recommendations follow the shoppers' categories: " + share);
      Http.Reply similar = http.get("/v1/items/SKU-7/similar?k=5");
      assertEquals(200, similar.status(), similar.body().toString());
      assertEquals(5, similar.ids().size());
      assertTrue(similar.body().toString().contains(", size M"), "titles from the imported catalogue (with their"
          + " quoted commas): " + similar.body());
    }
  }

  private static int category(String sku) {
    return Integer.parseInt(sku.substring(4)) % CATEGORIES.length;
  }

  /** Writes two days of clicks (one gzipped) and the product file; returns each visitor's favourite category. */
  private static Map<String, Integer> writeClickstream(Path dir) throws Exception {
    SplittableRandom rnd = new SplittableRandom(19);
    Map<String, Integer> favourite = new HashMap<>();
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    StringBuilder day1 = new StringBuilder("visitor,product_sku,action,happened_at,price\r\n");
    StringBuilder day2 = new StringBuilder("visitor,product_sku,action,happened_at,price\n");
    for (int u = 0; u < USERS; u++) {
      int fav = rnd.nextInt(CATEGORIES.length);
      favourite.put("v-" + u, fav);
      Set<Integer> seen = new HashSet<>();
      int events = 12 + rnd.nextInt(20);
      for (int e = 0; e < events; e++) {
        int cat = rnd.nextInt(10) < 8 ? fav : rnd.nextInt(CATEGORIES.length);
        int item = cat + CATEGORIES.length * rnd.nextInt(ITEMS / CATEGORIES.length);
        seen.add(item);
        Instant at = start.plusSeconds(rnd.nextLong(2 * 86_400L));
        StringBuilder day = at.isBefore(start.plusSeconds(86_400)) ? day1 : day2;
        String eol = day == day1 ? "\r\n" : "\n";
        for (String action : List.of("view", "add_to_cart", "purchase")) {
          day.append("v-").append(u).append(",SKU-").append(item).append(',').append(action).append(',')
              .append(f.format(at)).append(",\"1,99\"").append(eol);
          if (rnd.nextInt(3) != 0) {
            break;
          }
          at = at.plusSeconds(30);
        }
      }
    }
    day1.append("v-1,SKU-1,view,sometime,1.00\r\n");
    day1.append(",SKU-2,view,2026-03-01 10:00:00,1.00\r\n");
    day2.append("v-2,\"SKU-3,view,2026-03-02 10:00:00,1.00\n");
    Files.writeString(dir.resolve("clicks-2026-03-01.csv"), day1);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("clicks-2026-03-02.csv.gz")))) {
      out.write(day2.toString().getBytes(StandardCharsets.UTF_8));
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("products.csv")))) {
      w.println("sku,name,categories,description");
      for (int i = 0; i < ITEMS; i++) {
        String cat = CATEGORIES[i % CATEGORIES.length];
        w.printf(Locale.ROOT, "SKU-%d,\"Product %d, size M\",%s|%s,\"A %s, the %dth\"%n", i, i, cat,
            i % 2 == 0 ? "sale" : "new", cat, i);
      }
    }
    return favourite;
  }
}
