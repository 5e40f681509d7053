package io.affinity.jobs.cli;

import io.affinity.store.admin.SnapshotAdmin;
import io.affinity.store.manifest.ManifestCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code affinity snapshots list|show|promote|rollback|gc --store DIR}. */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
    description = "List, inspect, promote, roll back and garbage-collect the snapshots of a store.",
    subcommands = {SnapshotsCommand.ListCmd.class, SnapshotsCommand.Show.class, SnapshotsCommand.Promote.class,
        SnapshotsCommand.Rollback.class, SnapshotsCommand.Gc.class})
final class SnapshotsCommand {

  /** The shared {@code --store} option. */
  static class StoreOption {
    @Option(names = "--store", required = true, paramLabel = "DIR|URI",
        description = "feature store root: a directory, or s3a://bucket/prefix, hdfs://...")
    String store;

    @Option(names = "--store-conf", paramLabel = "KEY=VALUE", description = "a Hadoop setting for the store (repeatable)")
    java.util.List<String> storeConf = new java.util.ArrayList<>();

    io.affinity.store.admin.StoreAdmin admin() {
      return io.affinity.store.admin.StoreAdmin.of(store, io.affinity.store.remote.RemoteStore.parseSettings(storeConf));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List snapshots, oldest first.")
  static final class ListCmd extends StoreOption implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.printf("%-3s %-28s %-26s %9s %9s%n", "", "id", "created", "ndcg@10", "pop@10");
      for (SnapshotAdmin.Entry e : admin().list()) {
        System.out.printf("%-3s %-28s %-26s %9.4f %9.4f%n", e.current() ? "*" : "", e.id(), e.createdAt(),
            e.ndcgAt10(), e.popularityNdcgAt10());
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a snapshot's manifest.")
  static final class Show extends StoreOption implements Callable<Integer> {
    @Parameters(paramLabel = "ID") String id;

    @Override
    public Integer call() {
      System.out.println(new String(ManifestCodec.toJson(admin().show(id)), StandardCharsets.UTF_8));
      return 0;
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = "Verify a snapshot and point _CURRENT at it.")
  static final class Promote extends StoreOption implements Callable<Integer> {
    @Parameters(paramLabel = "ID") String id;

    @Override
    public Integer call() {
      admin().promote(id);
      System.out.println("_CURRENT -> " + id);
      return 0;
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Point _CURRENT at the newest older snapshot that verifies.")
  static final class Rollback extends StoreOption implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println("_CURRENT -> " + admin().rollback());
      return 0;
    }
  }

  @Command(name = "gc", mixinStandardHelpOptions = true,
      description = "Delete all but the newest N snapshots (never the current one) and old publish leftovers.")
  static final class Gc extends StoreOption implements Callable<Integer> {
    @Option(names = "--keep", required = true, paramLabel = "N", description = "snapshots to keep")
    int keep;

    @Option(names = "--min-leftover-minutes", defaultValue = "60",
        description = "only remove staging leftovers older than this, sparing publishes in progress (default ${DEFAULT-VALUE})")
    long minutes;

    @Override
    public Integer call() {
      SnapshotAdmin.GcResult r = admin().gc(keep, Duration.ofMinutes(minutes));
      System.out.println("removed snapshots " + r.snapshots() + ", leftovers " + r.leftovers());
      return 0;
    }
  }
}
