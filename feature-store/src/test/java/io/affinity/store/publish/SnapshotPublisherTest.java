package io.affinity.store.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.CorruptSnapshotException;
import io.affinity.store.layout.SnapshotIds;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.FileEntry;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.ManifestCodec;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.read.VectorTable;
import io.affinity.store.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SnapshotPublisherTest {
  @TempDir Path root;

  private Manifest publishTiny(SnapshotPublisher publisher) {
    StagedSnapshot staged = publisher.stage();
    return publisher.publish(staged, Fixtures.writeTiny(staged), true);
  }

  @Test
  void published_snapshot_becomes_current_and_loads_without_spark() {
    SnapshotPublisher publisher = new SnapshotPublisher(new StoreLayout(root));
    Manifest sealed = publishTiny(publisher);
    SnapshotStore store = new SnapshotStore(root);
    assertEquals(List.of(sealed.snapshotId()), store.list());
    assertEquals(sealed.snapshotId(), store.current().orElseThrow());
    assertTrue(SnapshotIds.isValid(sealed.snapshotId()));
    assertEquals(4, sealed.files().size());

    Snapshot snap = store.openCurrent().orElseThrow();
    VectorTable items = snap.vectors("als", false);
    assertEquals(3, items.size());
    assertEquals(2, items.dim());
    assertArrayEquals(new float[] {1, 1}, items.vector(items.ordinal("b")));
    List<String> known = new ArrayList<>();
    snap.forEachKnownItems(r -> known.add(r.userId() + "=" + r.itemIds()));
    assertEquals(List.of("u1=[a]", "u2=[c, b]"), known);
    List<String> pop = new ArrayList<>();
    snap.forEachPopularity(r -> pop.add(r.itemId() + ":" + r.users()));
    assertEquals(List.of("c:2", "a:1", "b:1"), pop);
    assertFalse(Files.exists(new StoreLayout(root).stagingDir(sealed.snapshotId())));
  }

  @Test
  void snapshot_ids_sort_by_creation_time() {
    Instant t0 = Instant.parse("2026-11-28T06:00:00Z");
    SnapshotPublisher first = new SnapshotPublisher(new StoreLayout(root),
        Clock.fixed(t0, ZoneOffset.UTC), PublishHook.NONE);
    SnapshotPublisher second = new SnapshotPublisher(new StoreLayout(root),
        Clock.fixed(t0.plusMillis(1), ZoneOffset.UTC), PublishHook.NONE);
    String a = publishTiny(second).snapshotId();
    String b = publishTiny(first).snapshotId();
    assertEquals(List.of(b, a), new SnapshotStore(root).list());
    assertEquals(a.compareTo(b) > 0, true);
  }

  @Test
  void a_flipped_byte_is_refused_naming_the_file() throws Exception {
    Manifest sealed = publishTiny(new SnapshotPublisher(new StoreLayout(root)));
    Path file = new StoreLayout(root).snapshotDir(sealed.snapshotId())
        .resolve(sealed.files().get(0).path());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
        () -> new SnapshotStore(root).open(sealed.snapshotId()));
    assertTrue(e.getMessage().contains(sealed.files().get(0).path()), e.getMessage());
    assertTrue(e.getMessage().contains("CRC32C"), e.getMessage());

    // A manifest from before CRC32C existed is checked with SHA-256.
    Path mf = new StoreLayout(root).snapshotDir(sealed.snapshotId()).resolve(StoreLayout.MANIFEST);
    Manifest m = ManifestCodec.fromJson(Files.readAllBytes(mf), "m");
    Manifest old = new Manifest(m.formatVersion(), m.snapshotId(), m.createdAt(), m.producer(), m.inputs(),
        m.parameters(), m.spaces(), m.tables(), m.indexes(), m.evaluation(),
        m.files().stream().map(f -> new FileEntry(f.path(), f.size(), f.sha256(), null)).toList());
    Files.write(mf, ManifestCodec.toJson(old));
    CorruptSnapshotException e2 = assertThrows(CorruptSnapshotException.class,
        () -> new SnapshotStore(root).open(sealed.snapshotId()));
    assertTrue(e2.getMessage().contains("SHA-256"), e2.getMessage());
  }

  @Test
  void missing_and_unlisted_files_are_refused() throws Exception {
    Manifest sealed = publishTiny(new SnapshotPublisher(new StoreLayout(root)));
    Path dir = new StoreLayout(root).snapshotDir(sealed.snapshotId());
    Files.writeString(dir.resolve("als/extra.bin"), "x");
    CorruptSnapshotException extra = assertThrows(CorruptSnapshotException.class,
        () -> new SnapshotStore(root).open(sealed.snapshotId()));
    assertTrue(extra.getMessage().contains("als/extra.bin"), extra.getMessage());
    Files.delete(dir.resolve("als/extra.bin"));
    Files.delete(dir.resolve(sealed.files().get(1).path()));
    CorruptSnapshotException missing = assertThrows(CorruptSnapshotException.class,
        () -> new SnapshotStore(root).open(sealed.snapshotId()));
    assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
  }

  /** A publish that dies at any step leaves _CURRENT naming the previous, complete snapshot. */
  @ParameterizedTest
  @EnumSource(PublishStep.class)
  void a_publish_that_dies_at_any_step_leaves_current_untouched(PublishStep failAt) {
    String previous = publishTiny(new SnapshotPublisher(new StoreLayout(root))).snapshotId();
    SnapshotPublisher dying = new SnapshotPublisher(new StoreLayout(root), Clock.systemUTC(), step -> {
      if (step == failAt) {
        throw new IllegalStateException("simulated crash before " + step);
      }
    });
    assertThrows(IllegalStateException.class, () -> publishTiny(dying));
    SnapshotStore store = new SnapshotStore(root);
    assertEquals(previous, store.current().orElseThrow());
    Snapshot still = store.openCurrent().orElseThrow();
    assertEquals(3, still.vectors("als", false).size());
  }

  @Test
  void promote_refuses_an_unknown_snapshot() {
    SnapshotPublisher p = new SnapshotPublisher(new StoreLayout(root));
    assertThrows(RuntimeException.class, () -> p.promote("20261128T062404123Z-0a1b2c"));
    assertThrows(IllegalArgumentException.class, () -> p.promote("../../etc"));
  }
}
