package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.util.Progress;
import io.affinity.store.events.Event;
import io.affinity.store.events.EventRoller;
import io.affinity.store.events.FileEventLog;
import io.affinity.store.read.SnapshotStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled runs on a date-partitioned log: a window reads only its days, and rerunning the same
 * window on the same data publishes nothing.
 */
class WindowIT {
  @TempDir Path tmp;

  @Test
  void a_window_reads_only_its_days_and_a_rerun_on_the_same_data_publishes_nothing() {
    Path log = tmp.resolve("interactions");
    SplittableRandom rnd = new SplittableRandom(3);
    long day0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli() * 1000;
    try (FileEventLog events = FileEventLog.open(tmp.resolve("events"))) {
      for (int day = 0; day < 3; day++) {
        List<Event> batch = new ArrayList<>();
        for (int x = 0; x < 1_500; x++) {
          int user = rnd.nextInt(150);
          batch.add(new Event("u" + user, "i" + ((user % 5) * 12 + rnd.nextInt(12)), "view", null,
              day0 + day * 86_400_000_000L + x * 10_000_000L, null));
        }
        events.append(batch);
        EventRoller.roll(events, events.dir(), log);
      }
    }
    Path storeDir = tmp.resolve("store");
    TrainConfig d = TrainConfig.defaults(log.toString(), null, storeDir);
    TrainConfig base = new TrainConfig(d.interactions(), null, storeDir, new AlsParams(8, 0.1, 1.0, 5, 42), null, false,
        d.split(), d.k(), true, null, false, null, d.gate(), null, null);
    TrainConfig lastTwoDays = base.withWindow(DataWindow.parse(null, "2026-11-23", "2d", null));
    TrainResult first = TrainJob.run(LocalSpark.get(), lastTwoDays, new Progress(System.out, TrainJob.STAGES));
    assertEquals(3_000, first.manifest().inputs().get(0).rowsRead(), "two of the three days");
    assertEquals(Map.of("since", "2026-11-21T00:00:00Z", "until", "2026-11-23T00:00:00Z"),
        first.manifest().parameters().get("window"));
    assertFalse(first.unchanged());

    TrainResult again = TrainJob.run(LocalSpark.get(), lastTwoDays, new Progress(System.out, TrainJob.STAGES));
    assertTrue(again.unchanged(), "same window, same data, same parameters");
    assertEquals(first.manifest().snapshotId(), again.manifest().snapshotId());
    SnapshotStore store = new SnapshotStore(storeDir);
    assertEquals(1, store.list().size(), "no duplicate snapshot: " + store.list());

    TrainResult wider = TrainJob.run(LocalSpark.get(), base.withWindow(DataWindow.parse(null, "2026-11-23", "3d", null)),
        new Progress(System.out, TrainJob.STAGES));
    assertFalse(wider.unchanged());
    assertEquals(4_500, wider.manifest().inputs().get(0).rowsRead());
    assertEquals(2, store.list().size());
  }
}
