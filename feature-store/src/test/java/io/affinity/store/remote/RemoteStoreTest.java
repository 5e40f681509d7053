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
}
