package io.affinity.store.read;

import io.affinity.store.StoreException;
import io.affinity.store.layout.SnapshotIds;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.ManifestCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Read access to a store: which snapshots exist, which one is current, and opening one verified.
 *
 * <p>Stateless apart from the layout; thread-safe.
 */
public final class SnapshotStore implements SnapshotSource {
  private final StoreLayout layout;

  /** Opens the store rooted at {@code root} (which need not exist yet). */
  public SnapshotStore(Path root) {
    this.layout = new StoreLayout(root);
  }

  /** The store's layout. */
  public StoreLayout layout() {
    return layout;
  }

  @Override
  public String describe() {
    return layout.root().toString();
  }

  /** Ids of published snapshots (with a manifest), oldest first. */
  public List<String> list() {
    Path dir = layout.snapshotsDir();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(SnapshotIds::isValid)
          .filter(id -> Files.isRegularFile(layout.snapshotDir(id).resolve(StoreLayout.MANIFEST)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new StoreException("cannot list snapshots in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The id {@code _CURRENT} names, or empty when the store has no pointer yet.
   *
   * @throws StoreException when the pointer exists but does not hold a valid id
   */
  @Override
  public Optional<String> current() {
    String text;
    try {
      text = Files.readString(layout.currentFile(), StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read " + layout.currentFile() + ": " + e.getMessage(), e);
    }
    if (!SnapshotIds.isValid(text)) {
      throw new StoreException(layout.currentFile() + " does not hold a snapshot id: '"
          + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'");
    }
    return Optional.of(text);
  }

  /** Reads a published snapshot's manifest without verifying its files. */
  public Manifest manifest(String id) {
    Path file = layout.snapshotDir(id).resolve(StoreLayout.MANIFEST);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new StoreException("snapshot " + id + " not found: no " + file);
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Manifest m = ManifestCodec.fromJson(bytes, file.toString());
    if (!id.equals(m.snapshotId())) {
      throw new io.affinity.store.CorruptSnapshotException("manifest " + file + " names snapshot "
          + m.snapshotId() + ", expected " + id);
    }
    return m;
  }

  /**
   * Opens a published snapshot after verifying every file against its manifest.
   *
   * @throws io.affinity.store.CorruptSnapshotException when it does not verify
   */
  @Override
  public Snapshot open(String id) {
    Manifest m = manifest(id);
    Path dir = layout.snapshotDir(id);
    SnapshotVerifier.verify(dir, m);
    return new Snapshot(dir, m);
  }

  /** Opens the snapshot {@code _CURRENT} names, verified; empty when there is none. */
  public Optional<Snapshot> openCurrent() {
    return current().map(this::open);
  }
}
