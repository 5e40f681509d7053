package io.affinity.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.serving.ServingApp;
import io.affinity.serving.testing.Http;
import io.affinity.serving.testing.TestStores;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.ManifestCodec;
import io.affinity.store.manifest.SpaceInfo;
import io.affinity.store.read.SnapshotStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged snapshots (truncated Parquet, a flipped byte in an ANN graph, a manifest that lies about
 * the dimension, a missing file) are refused with the reason, and the previous snapshot keeps
 * serving through each attempt.
 */
class CorruptSnapshotIT {
  @TempDir Path store;
  private ServingApp app;
  private Http http;
  private String good;

  @BeforeEach
  void start() {
    good = TestStores.publish(store, 1f, true);
    app = new ServingApp(TestStores.config(store).withSearch(1000, 0, io.affinity.serving.index.SearchBudget.DEFAULTS)).start();
    TestStores.awaitServing(app, good);
    http = new Http(app.port());
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private void assertRefused(Consumer<Path> damage, String reasonFragment) {
    String bad = TestStores.publish(store, 2f, true);
    damage.accept(new StoreLayout(store).snapshotDir(bad));
    assertFalse(app.refreshNow(), "damaged snapshot " + bad + " must be refused");
    Http.Reply info = http.get("/v1/snapshot");
    assertEquals(good, info.snapshot(), "the previous snapshot keeps serving");
    String failure = info.body().get("lastLoadFailure").asText();
    assertTrue(failure.contains(bad) && failure.contains(reasonFragment), failure);
    Http.Reply recs = http.get("/v1/users/alice/recommendations");
    assertEquals(200, recs.status());
    assertEquals(0.9, recs.body().get("items").get(0).get("score").asDouble(), 1e-6, "answers from the old vectors");
  }

  private static Path file(Path dir, String suffix) {
    try (var files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(suffix)).sorted().findFirst().orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void truncated_parquet_is_refused() {
    assertRefused(dir -> {
      Path f = file(dir.resolve("als/items"), ".parquet");
      try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
        raf.setLength(raf.length() / 2);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "als/items/part-00000.parquet");
  }

  @Test
  void a_flipped_byte_in_an_ann_graph_is_refused() {
    assertRefused(dir -> {
      Path f = file(dir.resolve("als"), "items.graph");
      try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
        raf.seek(raf.length() / 2);
        int b = raf.read();
        raf.seek(raf.length() / 2);
        raf.write(b ^ 0x5A);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "CRC32C");
  }

  @Test
  void a_manifest_that_lies_about_the_dimension_is_refused() {
    assertRefused(dir -> rewriteManifest(dir, m -> {
      SpaceInfo s = m.spaces().get(0);
      return new Manifest(m.formatVersion(), m.snapshotId(), m.createdAt(), m.producer(), m.inputs(),
          m.parameters(), List.of(new SpaceInfo(s.name(), 3, s.similarity(), s.userTable(), s.itemTable(),
              s.userCount(), s.itemCount())), m.tables(), m.indexes(), m.evaluation(), m.files());
    }), "dimension");
  }

  @Test
  void a_missing_file_is_refused() {
    assertRefused(dir -> {
      try {
        Files.delete(file(dir.resolve("als"), "items.graph"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "items.graph");
  }

  @Test
  void a_graph_that_checksums_but_points_outside_the_items_is_refused() {
    // A producer bug rather than damage: the file matches the manifest, its neighbours do not match the space.
    assertRefused(dir -> {
      Path f = file(dir.resolve("als"), "items.graph");
      try {
        io.affinity.store.ann.GraphFile.write(f, new io.affinity.store.ann.GraphFile.Adjacency(6, 1,
            new int[] {1, 2, 3, 4, 5, 6}));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      var digests = io.affinity.store.publish.Checksums.both(f);
      rewriteManifest(dir, m -> {
        List<io.affinity.store.manifest.FileEntry> files = new java.util.ArrayList<>();
        for (var e : m.files()) {
          files.add(!e.path().endsWith("items.graph") ? e : new io.affinity.store.manifest.FileEntry(e.path(),
              f.toFile().length(), digests.sha256(), digests.crc32c()));
        }
        return new Manifest(m.formatVersion(), m.snapshotId(), m.createdAt(), m.producer(), m.inputs(),
            m.parameters(), m.spaces(), m.tables(), m.indexes(), m.evaluation(), files);
      });
    }, "node 5 has neighbour 6");
  }

  /** Replaces the snapshot's manifest with {@code lie} applied to it. */
  private void rewriteManifest(Path dir, java.util.function.UnaryOperator<Manifest> lie) {
    Manifest m = new SnapshotStore(store).manifest(dir.getFileName().toString());
    try {
      Files.write(dir.resolve(StoreLayout.MANIFEST), ManifestCodec.toJson(lie.apply(m)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void flipMiddleByte(Path f) {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(raf.length() / 2);
      int b = raf.read();
      raf.seek(raf.length() / 2);
      raf.write(b ^ 0x01);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void a_flipped_bit_in_the_vectors_is_refused() {
    assertRefused(dir -> flipMiddleByte(file(dir.resolve("als"), "items.f32")), "als/items.f32");
  }

  @Test
  void a_flipped_bit_in_a_parquet_table_is_refused() {
    assertRefused(dir -> flipMiddleByte(file(dir.resolve("popularity"), ".parquet")), "CRC32C");
  }

  @Test
  void a_manifest_that_lies_about_a_checksum_is_refused() {
    assertRefused(dir -> rewriteManifest(dir, m -> {
      List<io.affinity.store.manifest.FileEntry> files = new java.util.ArrayList<>(m.files());
      var f = files.get(0);
      files.set(0, new io.affinity.store.manifest.FileEntry(f.path(), f.size(), f.sha256(),
          f.crc32c().equals("00000000") ? "00000001" : "00000000"));
      return new Manifest(m.formatVersion(), m.snapshotId(), m.createdAt(), m.producer(), m.inputs(),
          m.parameters(), m.spaces(), m.tables(), m.indexes(), m.evaluation(), files);
    }), "manifest says");
  }

  @Test
  void a_manifest_that_is_not_json_is_refused() {
    assertRefused(dir -> {
      try {
        Files.writeString(dir.resolve(StoreLayout.MANIFEST), "{\"formatVersion\": 1, \"snaps");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, StoreLayout.MANIFEST);
  }
}
