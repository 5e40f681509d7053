package io.affinity.store.remote;

import io.affinity.store.CorruptSnapshotException;
import io.affinity.store.StoreException;
import io.affinity.store.StoreFiles;
import io.affinity.store.layout.SnapshotIds;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.FileEntry;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.ManifestCodec;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.read.SnapshotVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A store on a Hadoop file system: {@code s3a://bucket/prefix}, {@code hdfs://nn/path} or
 * {@code file:///path}. Same layout as a local store ({@code snapshots/<id>/...},
 * {@code _CURRENT}); snapshots are sealed locally and then {@link #push pushed}.
 *
 * <p>Object stores have no atomic rename, so visibility rests on ordering and immutable keys:
 * a snapshot's id is new and its files are never rewritten; its manifest is written only after
 * every file listed in it; {@code _CURRENT} is written (one PUT, which S3 makes visible whole) only
 * after the manifest and only after every listed file was seen with its size. Readers take the
 * id from {@code _CURRENT}, read that manifest and verify every downloaded file's size and CRC32C
 * ({@link #pull}); anything else is refused. On file systems with atomic rename (HDFS, local) the
 * pointer is written to a temporary name and renamed over.
 *
 * <p>Thread-safe for readers; pointer moves from several processes are last-writer-wins.
 */
public final class RemoteStore {
  private static final Set<String> OBJECT_STORES =
      Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss", "cos", "cosn");
  private final String uri;
  private final Path root;
  private final FileSystem fs;
  private final Configuration conf;

  /**
   * File systems of {@link #open(String, Map)}, one per (scheme, authority, settings). Hadoop's own
   * cache keys only on scheme, authority and user, so a second open of {@code s3a://bucket} with
   * another endpoint would silently get the first one's client (a test JVM that met two s3proxy
   * servers did exactly that, and wrote to a server that was gone).
   */
  private static final ConcurrentMap<String, FileSystem> BY_SETTINGS = new ConcurrentHashMap<>();

  private RemoteStore(String uri, Configuration conf, Map<String, String> settings) {
    this.uri = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    this.conf = conf;
    this.root = new Path(this.uri);
    try {
      this.fs = settings == null ? root.getFileSystem(conf) : fileSystem(root, conf, settings);
    } catch (IOException | RuntimeException e) {
      throw new StoreException("cannot open store " + uri + ": " + e.getMessage(), e);
    }
  }

  private static FileSystem fileSystem(Path root, Configuration conf, Map<String, String> settings) throws IOException {
    URI u = root.toUri();
    String key = u.getScheme() + "://" + u.getAuthority() + " " + new TreeMap<>(settings);
    try {
      return BY_SETTINGS.computeIfAbsent(key, k -> {
        try {
          return FileSystem.newInstance(u, conf);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The Hadoop file system behind this store (tests). */
  FileSystem fileSystem() {
    return fs;
  }

  /**
   * True for a location with a URI scheme other than {@code file} (for example {@code s3a://b/p}
   * or {@code hdfs://nn/p}); such stores are read and written with this class.
   */
  public static boolean isRemote(String location) {
    int colon = location.indexOf("://");
    if (colon < 2) {
      return false; // no scheme, or a Windows drive letter
    }
    String scheme = location.substring(0, colon);
    return scheme.matches("[a-zA-Z][a-zA-Z0-9+.-]*") && !scheme.equalsIgnoreCase("file");
  }

  /**
   * Opens the store at {@code uri} with Hadoop settings {@code settings} (for example
   * {@code fs.s3a.endpoint}) on top of the defaults and any {@code core-site.xml} on the class path.
   */
  public static RemoteStore open(String uri, Map<String, String> settings) {
    Configuration conf = new Configuration();
    settings.forEach(conf::set);
    return new RemoteStore(uri, conf, Map.copyOf(settings));
  }

  /** Opens the store at {@code uri} with a ready Hadoop configuration (a Spark job passes its own). */
  public static RemoteStore open(String uri, Configuration conf) {
    return new RemoteStore(uri, conf, null);
  }

  /** Parses {@code key=value} settings (from repeated command-line options), naming a bad one. */
  public static Map<String, String> parseSettings(List<String> pairs) {
    Map<String, String> out = new HashMap<>();
    for (String p : pairs == null ? List.<String>of() : pairs) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("store setting must be key=value, got '" + p + "'");
      }
      out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    return out;
  }

  /** The store's URI, without a trailing slash. */
  public String uri() {
    return uri;
  }

  /** The id {@code _CURRENT} names, or empty when there is no pointer yet. */
  public Optional<String> current() {
    Path p = new Path(root, StoreLayout.CURRENT);
    String text;
    try (InputStream in = fs.open(p)) {
      text = new String(in.readNBytes(256), StandardCharsets.UTF_8).trim();
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read " + p + ": " + e.getMessage(), e);
    }
    if (!SnapshotIds.isValid(text)) {
      throw new StoreException(p + " does not hold a snapshot id: '"
          + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'");
    }
    return Optional.of(text);
  }

  /** Ids of published snapshots (those with a manifest), oldest first. */
  public List<String> list() {
    Path dir = new Path(root, "snapshots");
    List<String> out = new ArrayList<>();
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      for (FileStatus s : fs.listStatus(dir)) {
        String id = s.getPath().getName();
        if (SnapshotIds.isValid(id) && fs.exists(manifestPath(id))) {
          out.add(id);
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot list snapshots in " + dir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** A published snapshot's manifest (not verified against its files). */
  public Manifest manifest(String id) {
    Path p = manifestPath(SnapshotIds.requireValid(id));
    byte[] bytes;
    try (InputStream in = fs.open(p)) {
      bytes = in.readAllBytes();
    } catch (java.io.FileNotFoundException e) {
      throw new StoreException("snapshot " + id + " not found: no " + p);
    } catch (IOException e) {
      throw new StoreException("cannot read " + p + ": " + e.getMessage(), e);
    }
    Manifest m = ManifestCodec.fromJson(bytes, p.toString());
    if (!id.equals(m.snapshotId())) {
      throw new CorruptSnapshotException("manifest " + p + " names snapshot " + m.snapshotId() + ", expected " + id);
    }
    return m;
  }

  /**
   * Uploads a snapshot sealed in the local store {@code local}: every listed file, then the
   * manifest. Listed files absent from the local copy must already be in this store (Spark
   * executors wrote them there, see {@link #snapshotUri}) with the listed size. Does not move the
   * pointer ({@link #promote}). Uploading again is harmless.
   *
   * @throws CorruptSnapshotException when a file is in neither place, or has another size here
   */
  public void push(SnapshotStore local, String id) {
    Manifest m = local.manifest(SnapshotIds.requireValid(id));
    java.nio.file.Path dir = local.layout().snapshotDir(id);
    Set<String> elsewhere = new java.util.HashSet<>();
    m.files().stream().filter(f -> !Files.isRegularFile(dir.resolve(f.path()))).forEach(f -> elsewhere.add(f.path()));
    SnapshotVerifier.verify(dir, m, elsewhere);
    for (FileEntry f : m.files()) {
      Path to = new Path(snapshotPath(id), f.path());
      if (!elsewhere.contains(f.path())) {
        upload(dir.resolve(f.path()), to);
        continue;
      }
      long size;
      try {
        size = fs.getFileStatus(to).getLen();
      } catch (java.io.FileNotFoundException e) {
        throw new CorruptSnapshotException("cannot push " + id + ": file " + f.path() + " is neither in " + dir
            + " nor in " + snapshotPath(id));
      } catch (IOException e) {
        throw new StoreException("cannot stat " + to + ": " + e.getMessage(), e);
      }
      if (size != f.size()) {
        throw new CorruptSnapshotException("cannot push " + id + ": file " + to + " has " + size
            + " bytes, manifest says " + f.size());
      }
    }
    upload(dir.resolve(StoreLayout.MANIFEST), manifestPath(id));
  }

  /**
   * Where snapshot {@code id}'s files live in this store ({@code URI/snapshots/ID}): Spark
   * executors write table parts there directly, before the manifest exists, so readers do not see
   * them until {@link #push} writes it.
   */
  public String snapshotUri(String id) {
    return snapshotPath(SnapshotIds.requireValid(id)).toString();
  }

  /**
   * Points {@code _CURRENT} at {@code id} after checking that its manifest names it and every
   * listed file is there with its size (readers verify checksums when they download it).
   *
   * @throws CorruptSnapshotException when a file is missing or has another size
   */
  public void promote(String id) {
    Manifest m = manifest(id);
    Map<String, Long> sizes = new HashMap<>();
    Path dir = snapshotPath(id);
    try {
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        LocatedFileStatus s = it.next();
        sizes.put(dir.toUri().relativize(s.getPath().toUri()).getPath(), s.getLen());
      }
    } catch (IOException e) {
      throw new StoreException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    for (FileEntry f : m.files()) {
      Long size = sizes.get(f.path());
      if (size == null || size != f.size()) {
        throw new CorruptSnapshotException("cannot promote " + id + ": file " + f.path() + (size == null
            ? " is missing from " + dir : " has " + size + " bytes, manifest says " + f.size()));
      }
    }
    writePointer(id);
  }

  /**
   * Deletes all but the newest {@code keep} snapshots (never the current one) with their
   * quarantine directories, and the uploads of crashed publishes (a {@code snapshots/ID/} prefix
   * without a manifest) whose id is older than {@code minLeftoverAge} at {@code now}, so an upload
   * in progress is spared.
   *
   * @return the snapshot ids and leftover prefixes deleted
   */
  public io.affinity.store.admin.SnapshotAdmin.GcResult gc(int keep, java.time.Duration minLeftoverAge,
      java.time.Instant now) {
    if (keep < 1) {
      throw new IllegalArgumentException("--keep must be >= 1, got " + keep);
    }
    Optional<String> current = current();
    List<String> ids = list();
    List<String> removed = new ArrayList<>();
    List<String> leftovers = new ArrayList<>();
    try {
      for (int i = 0; i < ids.size() - keep; i++) {
        String id = ids.get(i);
        if (current.isPresent() && current.get().equals(id)) {
          continue;
        }
        // Manifest first: a half-deleted snapshot is then no longer listed as published.
        fs.delete(manifestPath(id), false);
        fs.delete(snapshotPath(id), true);
        fs.delete(new Path(new Path(root, "_quarantine"), id), true);
        removed.add(id);
      }
      Path dir = new Path(root, "snapshots");
      if (fs.exists(dir)) {
        java.time.Instant cutoff = now.minus(minLeftoverAge);
        for (FileStatus s : fs.listStatus(dir)) {
          String id = s.getPath().getName();
          if (SnapshotIds.isValid(id) && !ids.contains(id) && SnapshotIds.createdAt(id).isBefore(cutoff)
              && !fs.exists(manifestPath(id))) {
            fs.delete(snapshotPath(id), true);
            leftovers.add("snapshots/" + id);
          }
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot delete from " + uri + ": " + e.getMessage(), e);
    }
    return new io.affinity.store.admin.SnapshotAdmin.GcResult(removed, leftovers);
  }

  /**
   * Downloads snapshot {@code id} into the local store {@code cache} (under its staging directory),
   * verifies every file's size and checksum against the manifest, then moves it into place. Does
   * nothing when the cache already holds it.
   *
   * @throws CorruptSnapshotException when a downloaded file does not verify; nothing is moved
   */
  public void pull(String id, SnapshotStore cache) {
    StoreLayout layout = cache.layout();
    java.nio.file.Path target = layout.snapshotDir(SnapshotIds.requireValid(id));
    if (Files.isRegularFile(target.resolve(StoreLayout.MANIFEST))) {
      return;
    }
    Manifest m = manifest(id);
    java.nio.file.Path staging = layout.stagingDir(id);
    StoreFiles.deleteTree(staging);
    try {
      for (FileEntry f : m.files()) {
        download(new Path(snapshotPath(id), f.path()), staging.resolve(f.path()));
      }
      download(manifestPath(id), staging.resolve(StoreLayout.MANIFEST));
      SnapshotVerifier.verify(staging, m);
      Files.createDirectories(layout.snapshotsDir());
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      StoreFiles.deleteTree(staging);
      throw new StoreException("cannot cache snapshot " + id + " from " + uri + " in " + target + ": "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      StoreFiles.deleteTree(staging);
      throw e;
    }
  }

  /** Uploads a local directory tree under {@code relative} (for example a quarantine directory). */
  public void uploadTree(java.nio.file.Path localDir, String relative) {
    try (var files = Files.walk(localDir)) {
      for (java.nio.file.Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        String rel = localDir.relativize(p).toString().replace('\\', '/');
        upload(p, new Path(new Path(root, relative), rel));
      }
    } catch (IOException e) {
      throw new StoreException("cannot list " + localDir + ": " + e.getMessage(), e);
    }
  }

  private void writePointer(String id) {
    Path pointer = new Path(root, StoreLayout.CURRENT);
    byte[] content = (id + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (OBJECT_STORES.contains(fs.getScheme().toLowerCase(java.util.Locale.ROOT))) {
        // One PUT on close: S3 readers see the old object or the new one, never a mix.
        try (OutputStream out = fs.create(pointer, true)) {
          out.write(content);
        }
        return;
      }
      Path tmp = new Path(root, StoreLayout.CURRENT + ".tmp-" + id);
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(content);
      }
      FileContext.getFileContext(fs.getUri(), conf).rename(tmp, pointer, Options.Rename.OVERWRITE);
    } catch (IOException e) {
      throw new StoreException("cannot write " + pointer + ": " + e.getMessage(), e);
    }
  }

  private void upload(java.nio.file.Path from, Path to) {
    try (InputStream in = Files.newInputStream(from); OutputStream out = fs.create(to, true)) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new StoreException("cannot upload " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  private void download(Path from, java.nio.file.Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try (InputStream in = fs.open(from)) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.FileNotFoundException e) {
      throw new CorruptSnapshotException("snapshot file " + from + " is missing");
    } catch (org.apache.hadoop.fs.ChecksumException e) {
      throw new CorruptSnapshotException("snapshot file " + from + " is damaged: " + e.getMessage());
    }
  }

  private Path snapshotPath(String id) {
    return new Path(new Path(root, "snapshots"), id);
  }

  private Path manifestPath(String id) {
    return new Path(snapshotPath(id), StoreLayout.MANIFEST);
  }

  /** The URI as a {@link URI}. */
  public URI toUri() {
    return root.toUri();
  }
}
