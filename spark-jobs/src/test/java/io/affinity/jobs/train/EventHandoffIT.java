package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.util.Progress;
import io.affinity.store.events.Event;
import io.affinity.store.events.EventRoller;
import io.affinity.store.events.FileEventLog;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.read.SnapshotStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-off from the server's event log to batch: rolled, date-partitioned Parquet is read by
 * the train job on real Spark, every event once, and the snapshot records the last offset it
 * covers so servers re-apply only later events.
 */
class EventHandoffIT {
  @TempDir Path tmp;

  @Test
  void the_train_job_reads_rolled_events_once_and_records_the_offset_it_covers() {
    Path out = tmp.resolve("interactions");
    SplittableRandom rnd = new SplittableRandom(42);
    long day = 86_400_000_000L;
    long start = 1_795_000_000_000_000L;
    int total = 0;
    try (FileEventLog log = FileEventLog.open(tmp.resolve("events"))) {
      for (int batch = 0; batch < 3; batch++) {
        List<Event> events = new ArrayList<>();
        for (int x = 0; x < 1_000; x++) {
          int user = rnd.nextInt(120);
          int item = (user % 6) * 10 + rnd.nextInt(10);
          events.add(new Event("u" + user, "i" + item, "view", null, start + batch * day + x * 1_000_000L,
              "b" + batch + "-" + x));
        }
        log.append(events);
        total += events.size();
        // A replayed batch (same idempotency keys) is stored once.
        log.append(events.subList(0, 10));
        assertEquals(total, EventRoller.roll(log, log.dir(), out).rolledUpTo() + 1);
      }
    }
    Manifest m = TrainJob.run(LocalSpark.get(), TrainConfig.defaults(out.toString(), null, tmp.resolve("store"))
        .withAls(new AlsParams(8, 0.1, 1.0, 5, 42)), new Progress(System.out, TrainJob.STAGES)).manifest();
    assertEquals(total, m.inputs().get(0).rowsRead(), "every rolled event read exactly once");
    assertEquals(0L, m.inputs().get(0).rowsDropped().values().stream().mapToLong(Long::longValue).sum());
    assertEquals((long) total - 1, ((Number) m.parameters().get("eventLogOffset")).longValue());
    assertTrue(new SnapshotStore(tmp.resolve("store")).openCurrent().orElseThrow().forEachConfidence(r -> { }),
        "the snapshot carries the confidences fold-in starts from");
  }
}
