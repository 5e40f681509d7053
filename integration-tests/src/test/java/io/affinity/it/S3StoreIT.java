package io.affinity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.serving.ServingApp;
import io.affinity.serving.testing.Http;
import io.affinity.serving.testing.TestStores;
import io.affinity.store.CorruptSnapshotException;
import io.affinity.store.StoreFiles;
import io.affinity.store.admin.RemoteAdmin;
import io.affinity.store.layout.SnapshotIds;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.ManifestCodec;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.remote.CachedRemoteStore;
import io.affinity.store.remote.RemoteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a real S3 API: s3proxy (its own JVM, a local directory behind it) serves
 * {@code s3a://affinity/...}; the train job (its own JVM, through {@code bin/affinity}, Spark
 * local[2]) reads interactions from S3 and publishes to it; a server reads the snapshot from S3
 * through its cache; a rerun on the same data publishes nothing; a damaged snapshot on S3 is
 * refused while the previous one keeps serving.
 */
class S3StoreIT {
  private static final Path ROOT = Jobs.ROOT;
  private static final String TOKEN = "s3-admin-token-0123456789";
  @TempDir static Path tmp;
  private static S3Proxy s3;
  private static int port;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = new S3Proxy(tmp);
    port = s3.port();
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  private static Map<String, String> s3Settings() {
    return s3.settings();
  }

  @Test
  void the_train_job_publishes_to_s3_and_a_server_serves_from_it_and_refuses_a_damaged_snapshot() throws Exception {
    // Data: generated interactions, uploaded to S3; the catalogue stays local.
    Path gen = tmp.resolve("gen");
    Jobs.Run g = affinity("generate", gen.toString(), "--users", "300", "--items", "200", "--events", "6000");
    assertEquals(0, g.exit(), g.output());
    RemoteStore bucket = RemoteStore.open("s3a://affinity", s3Settings());
    try {
      bucket.uploadTree(gen.resolve("interactions"), "logs/interactions");
    } catch (RuntimeException e) {
      throw new AssertionError("upload to s3proxy failed; " + s3.log(), e);
    }

    List<String> train = List.of("train", "--interactions", "s3a://affinity/logs/interactions", "--items",
        gen.resolve("items").toString(), "--store", "s3a://affinity/store", "--master", "local[2]",
        "--store-conf", "fs.s3a.endpoint=http://127.0.0.1:" + port, "--store-conf", "fs.s3a.path.style.access=true",
        "--store-conf", "fs.s3a.endpoint.region=us-east-1");
    Jobs.Run first = affinity(train.toArray(String[]::new));
    assertEquals(0, first.exit(), first.output());
    RemoteStore store = RemoteStore.open("s3a://affinity/store", s3Settings());
    String id = store.current().orElseThrow();
    assertTrue(first.output().contains("s3a://affinity/store/_CURRENT now names " + id), first.output());
    Manifest m = store.manifest(id);
    assertEquals(300, m.spaces().get(0).userCount());

    Path cache = tmp.resolve("cache");
    var config = TestStores.config(cache).withSecrets(TOKEN, null).withPollInterval(Duration.ofMillis(200));
    try (ServingApp app = new ServingApp(config, new CachedRemoteStore(store, cache, 2), new RemoteAdmin(store))
        .start()) {
      TestStores.awaitServing(app, id);
      Http http = new Http(app.port());
      Http.Reply rec = http.get("/v1/users/" + firstUser(cache, id) + "/recommendations?k=5");
      assertEquals(200, rec.status(), rec.raw().body());
      assertEquals(id, rec.snapshot());
      assertEquals(5, rec.ids().size());
      Http.Reply list = http.get("/v1/admin/snapshots", "Authorization", "Bearer " + TOKEN);
      assertEquals(200, list.status(), list.raw().body());
      assertTrue(list.raw().body().contains(id), list.raw().body());

      // Same window, same data: nothing is published.
      Jobs.Run again = affinity(train.toArray(String[]::new));
      assertEquals(0, again.exit(), again.output());
      assertTrue(again.output().contains("nothing changed"), again.output());
      assertEquals(List.of(id), store.list());

      // A second snapshot (same files, new id) whose vectors get damaged on S3 after upload: the
      // pointer move passes the size check, the server's checksum check refuses it, and the
      // previous snapshot keeps serving.
      String id2 = republish(cache, id);
      store.push(new SnapshotStore(cache), id2);
      StoreFiles.deleteTree(new StoreLayout(cache).snapshotDir(id2));
      Path onS3 = tmp.resolve("s3-data/affinity/store/snapshots").resolve(id2).resolve("als/items.f32/part-00000.f32");
      byte[] bytes = Files.readAllBytes(onS3);
      bytes[bytes.length / 3] ^= 0x10;
      Files.write(onS3, bytes);
      new RemoteAdmin(store).promote(id2);
      assertEquals(id2, store.current().orElseThrow());
      Thread.sleep(1500); // several polls
      assertEquals(id, http.get("/v1/users/" + firstUser(cache, id) + "/recommendations?k=5").snapshot());
      Http.Reply info = http.get("/v1/snapshot");
      assertTrue(info.raw().body().contains("als/items.f32"), info.raw().body());
      assertFalse(Files.exists(new StoreLayout(cache).snapshotDir(id2)), "a refused snapshot is not cached");

      // A snapshot missing a file on S3 cannot be promoted at all.
      Files.delete(onS3);
      var e = assertThrows(CorruptSnapshotException.class, () -> new RemoteAdmin(store).promote(id2));
      assertTrue(e.getMessage().contains("als/items.f32"), e.getMessage());
    }
  }

  /** A copy of {@code id} in {@code storeDir} under a new id (same files, manifest re-sealed). */
  private static String republish(Path storeDir, String id) throws IOException {
    StoreLayout layout = new StoreLayout(storeDir);
    Manifest m = new SnapshotStore(storeDir).manifest(id);
    String id2 = SnapshotIds.create(Instant.now(), 0x5eed);
    Path to = layout.snapshotDir(id2);
    try (var files = Files.walk(layout.snapshotDir(id))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(layout.snapshotDir(id).relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target);
      }
    }
    Files.write(to.resolve(StoreLayout.MANIFEST), ManifestCodec.toJson(m.sealed(id2, Instant.now().toString(),
        m.files())));
    return id2;
  }

  private static String firstUser(Path cache, String id) {
    return new SnapshotStore(cache).open(id).vectors("als", true).id(0);
  }

  private static Jobs.Run affinity(String... args) throws Exception {
    return Jobs.affinity(tmp, S3Proxy.credentials(), args);
  }
}
