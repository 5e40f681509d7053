package io.affinity.store.admin;

import io.affinity.store.StoreException;
import io.affinity.store.StoreFiles;
import io.affinity.store.layout.SnapshotIds;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.publish.SnapshotPublisher;
import io.affinity.store.read.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Administration of one store. Every pointer move verifies the target snapshot first, so
 * {@code _CURRENT} never names a snapshot that would be refused.
 */
public final class SnapshotAdmin implements StoreAdmin {
  private final SnapshotStore store;
  private final SnapshotPublisher publisher;
  private final Clock clock;

  /** Administers the store at {@code root}. */
  public SnapshotAdmin(Path root, Clock clock) {
    this.store = new SnapshotStore(root);
    this.publisher = new SnapshotPublisher(store.layout(), clock, io.affinity.store.publish.PublishHook.NONE);
    this.clock = clock;
  }

  /** One line of {@link #list()}. */
  public record Entry(String id, String createdAt, boolean current, double ndcgAt10, double popularityNdcgAt10) {}

  /** Every published snapshot, oldest first, with its headline metric. */
  @Override
  public List<Entry> list() {
    String current = store.current().orElse(null);
    List<Entry> out = new ArrayList<>();
    for (String id : store.list()) {
      out.add(entry(id, store.manifest(id), current));
    }
    return out;
  }

  static Entry entry(String id, Manifest m, String current) {
    double als = m.evaluation() == null ? Double.NaN : m.evaluation().metric("als", "ndcg@10");
    double pop = m.evaluation() == null ? Double.NaN : m.evaluation().metric("popularity", "ndcg@10");
    return new Entry(id, m.createdAt(), id.equals(current), als, pop);
  }

  /** The manifest of one snapshot. */
  @Override
  public Manifest show(String id) {
    return store.manifest(SnapshotIds.requireValid(id));
  }

  /**
   * Points {@code _CURRENT} at {@code id} after verifying every file of it.
   *
   * @throws io.affinity.store.CorruptSnapshotException when it does not verify
   */
  @Override
  public void promote(String id) {
    store.open(SnapshotIds.requireValid(id));
    publisher.promote(id);
  }

  /** What {@link #gc} removed. */
  public record GcResult(List<String> snapshots, List<String> leftovers) {}

  /**
   * Deletes all but the newest {@code keep} snapshots (never the current one), the quarantine
   * directories of deleted snapshots, and leftovers of crashed publishes (staging directories and
   * temporary pointer files) older than {@code minLeftoverAge}, so a publish in progress is spared.
   */
  @Override
  public GcResult gc(int keep, Duration minLeftoverAge) {
    if (keep < 1) {
      throw new IllegalArgumentException("--keep must be >= 1, got " + keep);
    }
    StoreLayout layout = store.layout();
    Optional<String> current = store.current();
    List<String> ids = store.list();
    List<String> removed = new ArrayList<>();
    for (int i = 0; i < ids.size() - keep; i++) {
      String id = ids.get(i);
      if (current.isPresent() && current.get().equals(id)) {
        continue;
      }
      StoreFiles.deleteTree(layout.snapshotDir(id));
      StoreFiles.deleteTree(layout.root().resolve("_quarantine").resolve(id));
      removed.add(id);
    }
    List<String> leftovers = new ArrayList<>();
    Instant cutoff = clock.instant().minus(minLeftoverAge);
    for (Path p : children(layout.stagingDir())) {
      if (modified(p).isBefore(cutoff)) {
        StoreFiles.deleteTree(p);
        leftovers.add(layout.root().relativize(p).toString());
      }
    }
    for (Path p : children(layout.root())) {
      String name = p.getFileName().toString();
      if ((name.startsWith(StoreLayout.CURRENT + ".tmp-") || name.endsWith(".partial"))
          && modified(p).isBefore(cutoff)) {
        StoreFiles.deleteTree(p);
        leftovers.add(name);
      }
    }
    return new GcResult(removed, leftovers);
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new StoreException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Instant modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toInstant();
    } catch (IOException e) {
      throw new StoreException("cannot stat " + p + ": " + e.getMessage(), e);
    }
  }

}
