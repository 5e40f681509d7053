package io.affinity.store.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.CorruptSnapshotException;
import io.affinity.store.StoreException;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.publish.PublishHook;
import io.affinity.store.publish.SnapshotPublisher;
import io.affinity.store.publish.StagedSnapshot;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotAdminTest {
  private static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
  @TempDir Path root;

  /** Publishes n snapshots one second apart; returns their ids, oldest first. */
  private List<String> publish(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SnapshotPublisher p = new SnapshotPublisher(new StoreLayout(root),
          Clock.fixed(T0.plusSeconds(i), ZoneOffset.UTC), PublishHook.NONE);
      StagedSnapshot s = p.stage();
      ids.add(p.publish(s, Fixtures.writeTiny(s), true).snapshotId());
    }
    return ids;
  }

  private SnapshotAdmin admin(Instant now) {
    return new SnapshotAdmin(root, Clock.fixed(now, ZoneOffset.UTC));
  }

  private void corrupt(String id) throws Exception {
    Manifest m = new SnapshotStore(root).manifest(id);
    Files.write(new StoreLayout(root).snapshotDir(id).resolve(m.files().get(0).path()), new byte[] {9},
        StandardOpenOption.APPEND);
  }

  @Test
  void list_shows_every_snapshot_oldest_first_and_marks_the_current_one() {
    List<String> ids = publish(3);
    List<SnapshotAdmin.Entry> list = admin(T0).list();
    assertEquals(ids, list.stream().map(SnapshotAdmin.Entry::id).toList());
    assertEquals(List.of(false, false, true), list.stream().map(SnapshotAdmin.Entry::current).toList());
  }

  @Test
  void promote_refuses_a_snapshot_that_does_not_verify_and_leaves_current_alone() throws Exception {
    List<String> ids = publish(2);
    corrupt(ids.get(0));
    assertThrows(CorruptSnapshotException.class, () -> admin(T0).promote(ids.get(0)));
    assertEquals(ids.get(1), new SnapshotStore(root).current().orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> admin(T0).promote("../etc"));
  }

  @Test
  void rollback_goes_to_the_newest_older_snapshot_that_verifies() throws Exception {
    List<String> ids = publish(3);
    corrupt(ids.get(1));
    assertEquals(ids.get(0), admin(T0).rollback(), "skips the corrupt one");
    assertEquals(ids.get(0), new SnapshotStore(root).current().orElseThrow());
    StoreException e = assertThrows(StoreException.class, () -> admin(T0).rollback());
    assertTrue(e.getMessage().contains("no older snapshot passes the checks"), e.getMessage());
  }

  @Test
  void gc_keeps_the_newest_and_the_current_and_removes_old_leftovers_only() throws Exception {
    List<String> ids = publish(4);
    admin(T0).promote(ids.get(0)); // an old snapshot is current: it must survive
    StoreLayout layout = new StoreLayout(root);
    Path oldStaging = Files.createDirectories(layout.stagingDir("20261128T050000000Z-aaaaaa"));
    Files.writeString(oldStaging.resolve("x.parquet"), "half-written");
    Files.setLastModifiedTime(oldStaging, java.nio.file.attribute.FileTime.from(T0.minusSeconds(7200)));
    Path freshStaging = Files.createDirectories(layout.stagingDir("20261128T055959000Z-bbbbbb"));
    Files.setLastModifiedTime(freshStaging, java.nio.file.attribute.FileTime.from(T0.minusSeconds(60)));
    Path tmpPointer = layout.root().resolve("_CURRENT.tmp-" + ids.get(3));
    Files.writeString(tmpPointer, ids.get(3));
    Files.setLastModifiedTime(tmpPointer, java.nio.file.attribute.FileTime.from(T0.minusSeconds(7200)));

    SnapshotAdmin.GcResult r = admin(T0).gc(2, Duration.ofHours(1));
    assertEquals(List.of(ids.get(1)), r.snapshots(), "keeps the 2 newest and the current one");
    assertEquals(List.of(ids.get(0), ids.get(2), ids.get(3)), new SnapshotStore(root).list());
    assertFalse(Files.exists(oldStaging), "old staging leftover removed");
    assertTrue(Files.exists(freshStaging), "a publish that may be in progress is spared");
    assertFalse(Files.exists(tmpPointer));
    assertEquals(2, r.leftovers().size());
    assertEquals(ids.get(0), new SnapshotStore(root).current().orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> admin(T0).gc(0, Duration.ZERO));
  }
}
