package io.affinity.store.publish;

import io.affinity.store.StoreException;
import io.affinity.store.layout.SnapshotIds;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.FileEntry;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.ManifestCodec;
import io.affinity.store.read.SnapshotVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Publishes snapshots into a store atomically.
 *
 * <p>Usage: {@link #stage()}, write tables under the staged directory, then
 * {@link #publish(StagedSnapshot, Manifest, boolean)} with a draft manifest (its id, creation time
 * and file list are filled in here). Not thread-safe per instance; two processes publishing into
 * one store concurrently each leave a complete snapshot and the later pointer swap wins.
 */
public final class SnapshotPublisher {
  private final StoreLayout layout;
  private final Clock clock;
  private final PublishHook hook;

  /** Creates a publisher over {@code layout} using {@code clock} for ids and a hook per step. */
  public SnapshotPublisher(StoreLayout layout, Clock clock, PublishHook hook) {
    this.layout = layout;
    this.clock = clock;
    this.hook = hook;
  }

  /** Creates a publisher with the system UTC clock and no hook. */
  public SnapshotPublisher(StoreLayout layout) {
    this(layout, Clock.systemUTC(), PublishHook.NONE);
  }

  /** Creates a fresh staging directory for a new snapshot. */
  public StagedSnapshot stage() {
    Instant now = clock.instant();
    // The suffix only separates ids made in the same millisecond; it affects no result.
    int suffix = (int) (System.nanoTime() ^ ProcessHandle.current().pid() * 0x9E3779B9L);
    String id = SnapshotIds.create(now, suffix);
    Path dir = layout.stagingDir(id);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create staging directory " + dir + ": " + e.getMessage(), e);
    }
    return new StagedSnapshot(id, now, dir);
  }

  /**
   * Seals and publishes a staged snapshot.
   *
   * @param staged what {@link #stage()} returned, with its tables written
   * @param draft the manifest without id, creation time or files (those are filled in)
   * @param promote whether to point {@code _CURRENT} at it
   * @return the sealed manifest
   * @throws StoreException when a step fails; {@code _CURRENT} is then unchanged
   */
  public Manifest publish(StagedSnapshot staged, Manifest draft, boolean promote) {
    return publish(staged, draft, promote, List.of());
  }

  /**
   * Seals and publishes a staged snapshot some of whose files were written and checksummed by
   * other processes (Spark executors): {@code written} lists them with the sizes and checksums
   * their writers computed, so they are not hashed again. Those under the staged directory are
   * verified with the rest; those absent from it were written straight into the store's final
   * location (an object store) and are verified there by the uploader and by readers.
   *
   * @throws StoreException when a step fails; {@code _CURRENT} is then unchanged
   */
  public Manifest publish(StagedSnapshot staged, Manifest draft, boolean promote, List<FileEntry> written) {
    hook.before(PublishStep.HASH_FILES);
    java.util.Map<String, FileEntry> byPath = new java.util.TreeMap<>();
    written.forEach(f -> byPath.put(f.path(), f));
    for (FileEntry f : hashFiles(staged.dir(), byPath.keySet())) {
      byPath.put(f.path(), f);
    }
    java.util.Set<String> elsewhere = new java.util.HashSet<>();
    written.stream().filter(f -> !Files.isRegularFile(staged.dir().resolve(f.path())))
        .forEach(f -> elsewhere.add(f.path()));
    Manifest sealed = draft.sealed(staged.id(), staged.createdAt().toString(), List.copyOf(byPath.values()));

    hook.before(PublishStep.WRITE_MANIFEST);
    writeDurably(staged.dir().resolve(StoreLayout.MANIFEST), ManifestCodec.toJson(sealed));

    hook.before(PublishStep.VERIFY);
    SnapshotVerifier.verify(staged.dir(), sealed, elsewhere);

    hook.before(PublishStep.MOVE_INTO_PLACE);
    Path target = layout.snapshotDir(staged.id());
    try {
      Files.createDirectories(layout.snapshotsDir());
      Files.move(staged.dir(), target, StandardCopyOption.ATOMIC_MOVE);
      fsyncDirectory(layout.snapshotsDir());
    } catch (IOException e) {
      throw new StoreException("cannot move " + staged.dir() + " to " + target + ": " + e.getMessage(), e);
    }
    if (promote) {
      promote(staged.id());
    }
    return sealed;
  }

  /**
   * Points {@code _CURRENT} at an already published snapshot, atomically.
   *
   * @throws StoreException when the snapshot does not exist or the pointer cannot be replaced
   */
  public void promote(String id) {
    Path dir = layout.snapshotDir(id);
    if (!Files.isRegularFile(dir.resolve(StoreLayout.MANIFEST))) {
      throw new StoreException("cannot promote " + id + ": no published snapshot at " + dir);
    }
    hook.before(PublishStep.WRITE_POINTER);
    Path tmp = layout.root().resolve(StoreLayout.CURRENT + ".tmp-" + id);
    writeSynced(tmp, (id + "\n").getBytes(StandardCharsets.UTF_8));
    hook.before(PublishStep.SWAP_POINTER);
    try {
      Files.move(tmp, layout.currentFile(), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      fsyncDirectory(layout.root());
    } catch (IOException e) {
      throw new StoreException("cannot replace " + layout.currentFile() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes a staged snapshot that will not be published (the producer failed). Best effort: a
   * leftover staging directory is harmless, readers never look at {@code _staging/}.
   *
   * @return true when the directory is gone
   */
  public boolean abandon(StagedSnapshot staged) {
    try {
      io.affinity.store.StoreFiles.deleteTree(staged.dir());
      return true;
    } catch (StoreException e) {
      return false;
    }
  }

  private static List<FileEntry> hashFiles(Path root, java.util.Set<String> hashed) {
    List<FileEntry> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (rel.equals(StoreLayout.MANIFEST) || hashed.contains(rel)) {
          continue;
        }
        Checksums.Digests d = Checksums.both(p);
        out.add(new FileEntry(rel, Files.size(p), d.sha256(), d.crc32c()));
      }
    } catch (IOException e) {
      throw new StoreException("cannot list staged files under " + root + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Writes a file through a temporary sibling, fsyncs it and renames it into place. */
  static void writeDurably(Path file, byte[] content) {
    Path tmp = file.resolveSibling(file.getFileName() + ".partial");
    writeSynced(tmp, content);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreException("cannot rename " + tmp + " to " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeSynced(Path tmp, byte[] content) {
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException e) {
      throw new StoreException("cannot write " + tmp + ": " + e.getMessage(), e);
    }
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open directories; the rename itself is still atomic there.
    }
  }
}
