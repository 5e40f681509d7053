package io.affinity.store.events;

import io.affinity.store.StoreException;
import io.affinity.store.log.Interaction;
import io.affinity.store.log.LogSchemas;
import io.affinity.store.parquet.ParquetTableWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands the event log over to batch: events not yet rolled go into the interaction-log layout
 * the train job reads, one Parquet file per UTC day, {@code <out>/date=YYYY-MM-DD/events-<first
 * offset>-<last offset>.parquet}.
 *
 * <p>Exactly once across crashes and restarts: the offset range of a roll is fixed in
 * {@code _rolling} (written and synced) before any file is written; files go in under a temporary
 * name and are renamed; {@code _rolled} (the last offset handed over) is replaced atomically at
 * the end. A roll interrupted at any point is redone for the same range on the next call, so the
 * same file names are rewritten with the same rows: no event is counted twice or dropped. The
 * train job records the highest offset it read ({@link #coveredOffset}), so a server re-applies
 * only later events on top of a new snapshot.
 */
public final class EventRoller {
  static final String ROLLED = "_rolled";
  static final String ROLLING = "_rolling";
  private static final Pattern FILE = Pattern.compile("events-(\\d+)-(\\d+)\\.parquet");

  private EventRoller() {}

  /**
   * What a roll did.
   *
   * @param events events written
   * @param files Parquet files written
   * @param rolledUpTo the last offset handed over so far (-1: none)
   */
  public record Rolled(long events, int files, long rolledUpTo) {}

  /** Rolls every event of {@code log} not yet handed over into {@code out}. */
  public static synchronized Rolled roll(EventLog log, Path stateDir, Path out) {
    try {
      Files.createDirectories(stateDir);
      long[] range = readRange(stateDir.resolve(ROLLING));
      if (range == null) {
        long from = rolledUpTo(stateDir) + 1;
        long to = log.endOffset() - 1;
        if (to < from) {
          return new Rolled(0, 0, from - 1);
        }
        range = new long[] {from, to};
        writeAtomically(stateDir.resolve(ROLLING), range[0] + " " + range[1]);
      }
      long from = range[0];
      long to = range[1];
      Map<String, List<Interaction>> byDay = new TreeMap<>();
      long[] n = {0};
      log.replay(from, e -> {
        if (e.offset() <= to) {
          n[0]++;
          byDay.computeIfAbsent(day(e.event().tsMicros()), d -> new ArrayList<>()).add(e.event().interaction());
        }
      });
      for (Map.Entry<String, List<Interaction>> d : byDay.entrySet()) {
        Path dir = out.resolve("date=" + d.getKey());
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format(Locale.ROOT, "events-%d-%d.parquet", from, to));
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (ParquetTableWriter<Interaction> w = ParquetTableWriter.create(tmp, LogSchemas.INTERACTIONS,
            LogSchemas.INTERACTION_ENCODER)) {
          d.getValue().forEach(w::write);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      writeAtomically(stateDir.resolve(ROLLED), Long.toString(to));
      Files.delete(stateDir.resolve(ROLLING));
      return new Rolled(n[0], byDay.size(), to);
    } catch (IOException e) {
      throw new StoreException("cannot roll the event log into " + out + ": " + e.getMessage(), e);
    }
  }

  /** The last offset handed over to batch, -1 when none. */
  public static long rolledUpTo(Path stateDir) {
    Path f = stateDir.resolve(ROLLED);
    try {
      return Files.exists(f) ? Long.parseLong(Files.readString(f).trim()) : -1;
    } catch (IOException | NumberFormatException e) {
      throw new StoreException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /**
   * The highest event-log offset among files a job read (names {@code events-A-B.parquet}), or -1
   * when it read none: everything up to it is in the job's data, since rolls are contiguous.
   */
  public static long coveredOffset(Iterable<String> inputFiles) {
    long max = -1;
    for (String f : inputFiles) {
      Matcher m = FILE.matcher(f.substring(f.lastIndexOf('/') + 1));
      if (m.matches()) {
        max = Math.max(max, Long.parseLong(m.group(2)));
      }
    }
    return max;
  }

  private static String day(long tsMicros) {
    return Instant.ofEpochSecond(Math.floorDiv(tsMicros, 1_000_000L)).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  private static long[] readRange(Path f) throws IOException {
    if (!Files.exists(f)) {
      return null;
    }
    String[] p = Files.readString(f).trim().split(" ");
    return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
  }

  private static void writeAtomically(Path f, String content) throws IOException {
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
