package io.affinity.store.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.CorruptSnapshotException;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.publish.PublishHook;
import io.affinity.store.publish.SnapshotPublisher;
import io.affinity.store.publish.StagedSnapshot;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RemoteStore over Hadoop's local file system ({@code file://}); S3 is covered by S3StoreIT. */
class RemoteStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
  @TempDir Path local;
  @TempDir Path remoteDir;
  @TempDir Path cacheDir;

  private String sealLocally(int second) {
    SnapshotPublisher p = new SnapshotPublisher(new StoreLayout(local),
        Clock.fixed(T0.plusSeconds(second), ZoneOffset.UTC), PublishHook.NONE);
    StagedSnapshot s = p.stage();
    return p.publish(s, Fixtures.writeTiny(s), false).snapshotId();
  }

  private RemoteStore remote() {
    return RemoteStore.open(remoteDir.toUri().toString(), Map.of());
  }

  @Test
  void the_same_location_opened_with_other_settings_gets_its_own_client() {
    String uri = remoteDir.toUri().toString();
    RemoteStore a = RemoteStore.open(uri, Map.of("fs.s3a.endpoint", "http://127.0.0.1:1111"));
    RemoteStore b = RemoteStore.open(uri, Map.of("fs.s3a.endpoint", "http://127.0.0.1:2222"));
    RemoteStore again = RemoteStore.open(uri, Map.of("fs.s3a.endpoint", "http://127.0.0.1:1111"));
    assertEquals("http://127.0.0.1:1111", a.fileSystem().getConf().get("fs.s3a.endpoint"));
    assertEquals("http://127.0.0.1:2222", b.fileSystem().getConf().get("fs.s3a.endpoint"),
        "Hadoop's cache would hand back the first endpoint's client");
    assertTrue(a.fileSystem() == again.fileSystem(), "equal settings share one client");
  }

  @Test
  void a_pushed_and_promoted_snapshot_is_read_back_verified_through_the_cache() {
    String id = sealLocally(0);
    RemoteStore remote = remote();
    assertEquals(Optional.empty(), remote.current());
    remote.push(new SnapshotStore(local), id);
    assertEquals(List.of(id), remote.list());
    assertEquals(Optional.empty(), remote.current(), "push alone must not move the pointer");
    remote.promote(id);
    assertEquals(Optional.of(id), remote.current());
    assertEquals(id, Files.exists(remoteDir.resolve("_CURRENT")) ? remote.current().get() : null);

    CachedRemoteStore cached = new CachedRemoteStore(remote, cacheDir, 2);
    var snap = cached.open(cached.current().orElseThrow());
    assertEquals(id, snap.manifest().snapshotId());
    assertTrue(Files.isRegularFile(cacheDir.resolve("snapshots").resolve(id).resolve(StoreLayout.MANIFEST)));
  }

  @Test
  void a_snapshot_whose_files_were_never_all_uploaded_cannot_be_promoted() throws Exception {
    String id = sealLocally(0);
    RemoteStore remote = remote();
    remote.push(new SnapshotStore(local), id);
    Manifest m = remote.manifest(id);
    Files.delete(remoteDir.resolve("snapshots").resolve(id).resolve(m.files().get(0).path()));
    var e = assertThrows(CorruptSnapshotException.class, () -> remote.promote(id));
    assertTrue(e.getMessage().contains(m.files().get(0).path()) && e.getMessage().contains("missing"), e.getMessage());
    assertEquals(Optional.empty(), remote.current());
  }

  @Test
  void a_damaged_remote_file_is_refused_on_pull_and_nothing_reaches_the_cache() throws Exception {
    String id = sealLocally(0);
    RemoteStore remote = remote();
    remote.push(new SnapshotStore(local), id);
    remote.promote(id);
    Manifest m = remote.manifest(id);
    Path victim = remoteDir.resolve("snapshots").resolve(id).resolve(m.files().get(0).path());
    byte[] bytes = Files.readAllBytes(victim);
    bytes[bytes.length / 2] ^= 0x40; // same size, different content
    Files.write(victim, bytes);
    CachedRemoteStore cached = new CachedRemoteStore(remote, cacheDir, 2);
    var e = assertThrows(CorruptSnapshotException.class, () -> cached.open(id));
    assertTrue(e.getMessage().contains(m.files().get(0).path()), e.getMessage());
    assertFalse(Files.exists(cacheDir.resolve("snapshots").resolve(id)), "a refused snapshot must not be cached");
  }

  @Test
  void rollback_and_gc_work_on_the_remote_pointer_and_the_cache_keeps_two_snapshots() {
    RemoteStore remote = remote();
    SnapshotStore localStore = new SnapshotStore(local);
    CachedRemoteStore cached = new CachedRemoteStore(remote, cacheDir, 2);
    String[] ids = new String[4];
    for (int i = 0; i < 4; i++) {
      ids[i] = sealLocally(i);
      remote.push(localStore, ids[i]);
      remote.promote(ids[i]);
      cached.open(ids[i]);
    }
    assertEquals(List.of(ids[2], ids[3]), new SnapshotStore(cacheDir).list());
    assertEquals(ids[2], new io.affinity.store.admin.RemoteAdmin(remote).rollback());
    assertEquals(Optional.of(ids[2]), remote.current());
    // A crashed upload: files of a newer id, no manifest.
    String crashed = sealLocally(10);
    remote.push(localStore, crashed);
    org.apache.hadoop.fs.Path m = new org.apache.hadoop.fs.Path(remote.uri() + "/snapshots/" + crashed + "/_MANIFEST.json");
    try {
      m.getFileSystem(new org.apache.hadoop.conf.Configuration()).delete(m, false);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    var spared = remote.gc(1, java.time.Duration.ofHours(1), T0.plusSeconds(60));
    assertEquals(List.of(ids[0], ids[1]), spared.snapshots(), "keeps the newest one and never the current one");
    assertEquals(List.of(), spared.leftovers(), "an upload younger than the minimum age is spared");
    assertEquals(List.of("snapshots/" + crashed), remote.gc(1, java.time.Duration.ofHours(1),
        T0.plusSeconds(7200)).leftovers());
    assertFalse(Files.exists(remoteDir.resolve("snapshots").resolve(crashed)));
    assertEquals(List.of(ids[2], ids[3]), remote.list());
    var e = assertThrows(io.affinity.store.StoreException.class, new io.affinity.store.admin.RemoteAdmin(remote)::rollback);
    assertTrue(e.getMessage().contains("no older snapshot passes the checks"), e.getMessage());
  }

  @Test
  void only_uris_with_a_non_file_scheme_are_remote_and_bad_settings_are_named() {
    assertTrue(RemoteStore.isRemote("s3a://bucket/store"));
    assertTrue(RemoteStore.isRemote("hdfs://nn:8020/store"));
    assertFalse(RemoteStore.isRemote("/tmp/store"));
    assertFalse(RemoteStore.isRemote("file:///tmp/store"));
    assertFalse(RemoteStore.isRemote("C://store"));
    var e = assertThrows(IllegalArgumentException.class, () -> RemoteStore.parseSettings(List.of("fs.s3a.endpoint")));
    assertTrue(e.getMessage().contains("'fs.s3a.endpoint'"), e.getMessage());
    assertEquals(Map.of("a", "b=c"), RemoteStore.parseSettings(List.of("a=b=c")));
  }

  /**
   * Stages the tiny snapshot with its item table written as executors write it: two parts with
   * float32 sidecar parts, checksummed in a scratch directory and copied straight to the remote
   * snapshot location (when {@code upload}), never into the local staged directory.
   */
  private String sealWithItemsElsewhere(int second, boolean upload) throws Exception {
    SnapshotPublisher p = new SnapshotPublisher(new StoreLayout(local),
        Clock.fixed(T0.plusSeconds(second), ZoneOffset.UTC), PublishHook.NONE);
    StagedSnapshot s = p.stage();
    Manifest draft = Fixtures.writeTiny(s);
    io.affinity.store.StoreFiles.deleteTree(s.tableDir("als/items"));
    Path scratch = Files.createTempDirectory(local, "executor-");
    try (var w = io.affinity.store.parquet.VectorTableWriter.part(scratch.resolve("als/items"), "item_id", 2, 0)) {
      w.write(new io.affinity.store.parquet.VectorRow("a", new float[] {2, 0}));
      w.write(new io.affinity.store.parquet.VectorRow("b", new float[] {1, 1}));
    }
    try (var w = io.affinity.store.parquet.VectorTableWriter.part(scratch.resolve("als/items"), "item_id", 2, 3)) {
      w.write(new io.affinity.store.parquet.VectorRow("c", new float[] {0, 3}));
    }
    List<io.affinity.store.manifest.FileEntry> written = new java.util.ArrayList<>();
    try (var files = Files.walk(scratch)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String rel = scratch.relativize(f).toString();
        var d = io.affinity.store.publish.Checksums.both(f);
        written.add(new io.affinity.store.manifest.FileEntry(rel, Files.size(f), d.sha256(), d.crc32c()));
        if (upload) {
          Path to = remoteDir.resolve("snapshots").resolve(s.id()).resolve(rel);
          Files.createDirectories(to.getParent());
          Files.copy(f, to);
        }
      }
    }
    io.affinity.store.StoreFiles.deleteTree(scratch);
    return p.publish(s, draft, false, written).snapshotId();
  }

  @Test
  void files_executors_wrote_straight_to_the_remote_are_listed_checked_there_and_read_back_in_part_order()
      throws Exception {
    String id = sealWithItemsElsewhere(0, true);
    Manifest m = new SnapshotStore(local).manifest(id);
    assertEquals(List.of("als/items.f32/part-00000.f32", "als/items.f32/part-00003.f32",
        "als/items/part-00000.parquet", "als/items/part-00003.parquet"), m.files().stream().map(f -> f.path())
        .filter(f -> f.startsWith("als/items")).toList(), "listed with the writers' checksums, in path order");
    assertFalse(Files.exists(new StoreLayout(local).snapshotDir(id).resolve("als/items")),
        "the local copy never held them");
    RemoteStore remote = remote();
    remote.push(new SnapshotStore(local), id);
    remote.promote(id);
    var items = new CachedRemoteStore(remote, cacheDir, 2).open(id).vectors("als", false);
    assertEquals(List.of("a", "b", "c"), List.of(items.id(0), items.id(1), items.id(2)));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2, 0, 1, 1, 0, 3}, items.data(),
        "the sidecar parts concatenated in name order, like the Parquet parts");

    String lost = sealWithItemsElsewhere(1, false);
    var e = assertThrows(CorruptSnapshotException.class, () -> remote.push(new SnapshotStore(local), lost));
    assertTrue(e.getMessage().contains("als/items.f32/part-00000.f32 is neither in"), e.getMessage());
    assertFalse(remote.list().contains(lost), "no manifest was pushed");
  }
}
