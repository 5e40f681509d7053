package io.affinity.jobs.train;

import io.affinity.jobs.util.Progress;
import io.affinity.store.StoreFiles;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.remote.RemoteStore;
import io.affinity.store.read.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * The train job against a store on object storage or HDFS ({@code --store s3a://...}): the job
 * runs against a local work store holding only the current snapshot's manifest (all the gate and
 * the "nothing changed" check read), seals the new snapshot there, then pushes it (files, then
 * manifest) and, when promoted, writes the remote {@code _CURRENT} last. Bad rows go straight to
 * {@code STORE/_quarantine/ID} from the executors, and the executors write the snapshot's tables
 * straight into {@code STORE/snapshots/ID/} (invisible until the manifest is pushed; a failed run
 * leaves a prefix without a manifest that {@code affinity store gc} removes). The work store is
 * deleted afterwards.
 */
public final class RemoteTrain {
  private RemoteTrain() {}

  /**
   * Runs the job; {@code configFor} builds the config for a given local work store.
   *
   * @throws io.affinity.store.StoreException when the remote store cannot be read or written; a
   *     failed push leaves the remote pointer unchanged
   */
  public static TrainResult run(SparkSession spark, String storeUri, Function<Path, TrainConfig> configFor,
      Progress progress) {
    RemoteStore remote = RemoteStore.open(storeUri, spark.sparkContext().hadoopConfiguration());
    Path work;
    try {
      work = Files.createTempDirectory("affinity-train-store");
    } catch (IOException e) {
      throw new io.affinity.store.StoreException("cannot create a local work store: " + e.getMessage(), e);
    }
    try {
      SnapshotStore local = new SnapshotStore(work);
      Optional<String> current = remote.current();
      if (current.isPresent()) {
        mirrorManifest(remote, local.layout(), current.get());
      }
      TrainResult r = TrainJob.run(spark, configFor.apply(work), progress, remote.uri() + "/_quarantine",
          remote::snapshotUri);
      if (r.unchanged()) {
        return r;
      }
      String id = r.manifest().snapshotId();
      progress.info("uploading snapshot %s to %s", id, remote.uri());
      remote.push(local, id);
      if (r.promoted()) {
        remote.promote(id);
        progress.info("%s/_CURRENT now names %s", remote.uri(), id);
      }
      return r;
    } finally {
      StoreFiles.deleteTree(work);
    }
  }

  /** Copies the current snapshot's manifest and the pointer into the work store. */
  private static void mirrorManifest(RemoteStore remote, StoreLayout layout, String id) {
    byte[] manifest = io.affinity.store.manifest.ManifestCodec.toJson(remote.manifest(id));
    try {
      Files.createDirectories(layout.snapshotDir(id));
      Files.write(layout.snapshotDir(id).resolve(StoreLayout.MANIFEST), manifest);
      Files.writeString(layout.currentFile(), id + "\n");
    } catch (IOException e) {
      throw new io.affinity.store.StoreException("cannot write the local work store " + layout.root() + ": "
          + e.getMessage(), e);
    }
  }
}
