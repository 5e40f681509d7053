package io.affinity.store.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.StoreException;
import io.affinity.store.parquet.ParquetTableReader;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local event log: durability across reopen, torn tails, damage, idempotency and roll-over. */
class FileEventLogTest {
  @TempDir Path dir;

  private static Event ev(String user, String item, long ts, String key) {
    return new Event(user, item, "view", null, ts, key);
  }

  private static List<LoggedEvent> all(EventLog log) {
    List<LoggedEvent> out = new ArrayList<>();
    log.replay(0, out::add);
    return out;
  }

  @Test
  void appended_events_survive_reopen_in_order_with_their_fields() {
    try (FileEventLog log = FileEventLog.open(dir)) {
      assertArrayEquals(new long[] {0, 1}, log.append(List.of(ev("u1", "a", 10, null),
          new Event("u2", "b", null, 2.5, 20, "k1"))));
    }
    try (FileEventLog log = FileEventLog.open(dir)) {
      List<LoggedEvent> got = all(log);
      assertEquals(2, got.size());
      assertEquals(new Event("u2", "b", null, 2.5, 20, "k1"), got.get(1).event());
      assertEquals(1, got.get(1).offset());
      assertArrayEquals(new long[] {2}, log.append(List.of(ev("u3", "c", 30, null))));
      assertEquals(3, log.endOffset());
    }
  }

  @Test
  void an_idempotency_key_is_stored_once_even_after_reopen() {
    try (FileEventLog log = FileEventLog.open(dir)) {
      assertArrayEquals(new long[] {0, -1}, log.append(List.of(ev("u", "a", 1, "k"), ev("u", "a", 1, "k"))));
    }
    try (FileEventLog log = FileEventLog.open(dir)) {
      assertArrayEquals(new long[] {-1, 1}, log.append(List.of(ev("u", "a", 1, "k"), ev("u", "b", 2, "k2"))));
      assertEquals(2, all(log).size());
    }
  }

  @Test
  void a_torn_write_at_the_end_is_cut_and_everything_before_it_kept() throws Exception {
    try (FileEventLog log = FileEventLog.open(dir)) {
      log.append(List.of(ev("u", "a", 1, null), ev("u", "b", 2, null)));
    }
    Path seg = segment();
    long size = Files.size(seg);
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3}));
    }
    try (FileEventLog log = FileEventLog.open(dir)) {
      assertEquals(2, all(log).size());
      assertEquals(size, Files.size(seg), "the torn bytes were cut");
      assertArrayEquals(new long[] {2}, log.append(List.of(ev("u", "c", 3, null))));
    }
  }

  @Test
  void damage_before_the_tail_refuses_to_open() throws Exception {
    try (FileEventLog log = FileEventLog.open(dir)) {
      log.append(List.of(ev("u", "a", 1, null), ev("u", "b", 2, null)));
    }
    Path seg = segment();
    Files.copy(seg, dir.resolve("segment-00000000000000000002.log"));
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xff}), 12);
    }
    StoreException e = assertThrows(StoreException.class, () -> FileEventLog.open(dir));
    assertTrue(e.getMessage().contains("damaged at byte 0") && e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void roll_over_writes_each_event_once_per_day_and_redoes_an_interrupted_roll_for_the_same_range()
      throws Exception {
    Path out = dir.resolve("interactions");
    long day = 86_400_000_000L;
    try (FileEventLog log = FileEventLog.open(dir.resolve("log"))) {
      log.append(List.of(ev("u", "a", 5, null), ev("u", "b", day + 5, null), ev("v", "a", day + 6, null)));
      EventRoller.Rolled r = EventRoller.roll(log, log.dir(), out);
      assertEquals(3, r.events());
      assertEquals(2, r.files());
      assertEquals(2, r.rolledUpTo());
      assertEquals(0, EventRoller.roll(log, log.dir(), out).events(), "nothing new: nothing rolled");
      log.append(List.of(ev("w", "c", day + 7, null)));
      // A crash after the range was fixed and one file written: the next roll redoes the same range.
      Files.writeString(log.dir().resolve(EventRoller.ROLLING), "3 3");
      log.append(List.of(ev("x", "d", day + 8, null)));
      EventRoller.Rolled redo = EventRoller.roll(log, log.dir(), out);
      assertEquals(1, redo.events(), "the interrupted range only");
      assertEquals(3, redo.rolledUpTo());
      assertEquals(1, EventRoller.roll(log, log.dir(), out).events(), "then the rest");
    }
    List<String> users = new ArrayList<>();
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(out)) {
      s.filter(p -> p.toString().endsWith(".parquet")).sorted().forEach(p -> {
        files.add(out.relativize(p).toString());
        ParquetTableReader.forEach(p, g -> users.add(g.getString("user_id", 0)));
      });
    }
    assertEquals(List.of("date=1970-01-01/events-0-2.parquet", "date=1970-01-02/events-0-2.parquet",
        "date=1970-01-02/events-3-3.parquet", "date=1970-01-02/events-4-4.parquet"), files);
    assertEquals(5, users.size(), "every event exactly once: " + users);
    assertEquals(4, EventRoller.coveredOffset(files));
  }

  private Path segment() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("segment-")).findFirst().orElseThrow();
    }
  }
}
