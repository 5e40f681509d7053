package io.affinity.store.events;

import io.affinity.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The single-node event log: segment files {@code segment-<first offset>.log} in one directory,
 * each a sequence of records {@code [int length][int CRC32C][payload]}. {@link #append} writes a
 * batch and forces it to disk ({@code fsync}) before returning, so an acknowledged event survives
 * a crash of the process or the machine. On open, every segment is checked; a torn record at the
 * end of the last segment (a batch that was being written when the process died, hence never
 * acknowledged) is cut off, while damage anywhere else refuses to open with the file and position.
 * Idempotency keys of every stored event are kept in memory to drop replays.
 */
public final class FileEventLog implements EventLog {
  /** A new segment starts once the current one is this large. */
  static final long SEGMENT_BYTES = 64L << 20;
  private static final String PREFIX = "segment-";
  private static final String SUFFIX = ".log";

  private final Path dir;
  private final Set<String> keys = new HashSet<>();
  private final List<Segment> segments = new ArrayList<>();
  private FileChannel tail;
  private long end;
  private boolean closed;

  private record Segment(Path file, long firstOffset) {}

  private FileEventLog(Path dir) {
    this.dir = dir;
  }

  /** Opens (creating if needed) the log in {@code dir}, recovering from a crash mid-append. */
  public static FileEventLog open(Path dir) {
    FileEventLog log = new FileEventLog(dir);
    try {
      Files.createDirectories(dir);
      log.recover();
    } catch (IOException e) {
      throw new StoreException("cannot open the event log in " + dir + ": " + e.getMessage(), e);
    }
    return log;
  }

  private void recover() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith(PREFIX)
          && p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
    long offset = 0;
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      long first = parseFirst(file);
      if (first != offset) {
        throw new StoreException("event log " + dir + ": segment " + file.getFileName() + " starts at offset " + first
            + " but the previous segments end at " + offset + " (a segment is missing)");
      }
      boolean last = f == files.size() - 1;
      long[] count = {0};
      long good = scan(file, last, e -> {
        count[0]++;
        if (e.event().idempotencyKey() != null) {
          keys.add(e.event().idempotencyKey());
        }
      }, first);
      if (last && good < Files.size(file)) {
        org.slf4j.LoggerFactory.getLogger(FileEventLog.class).warn("event log {}: cutting {} bytes of an"
            + " unacknowledged torn write at the end of {}", dir, Files.size(file) - good, file.getFileName());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(good);
          ch.force(true);
        }
      }
      segments.add(new Segment(file, first));
      offset += count[0];
    }
    end = offset;
    if (segments.isEmpty()) {
      newSegment();
    } else {
      tail = FileChannel.open(segments.get(segments.size() - 1).file(), StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    }
  }

  private static long parseFirst(Path file) {
    String n = file.getFileName().toString();
    try {
      return Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
    } catch (NumberFormatException e) {
      throw new StoreException("event log: cannot parse the first offset of segment " + n, e);
    }
  }

  /**
   * Reads a segment's records; returns the byte position after the last good one. A bad record in
   * a segment that is not the tail is damage, not a torn write, and throws.
   */
  private static long scan(Path file, boolean tolerateTornTail, Consumer<LoggedEvent> visitor, long firstOffset)
      throws IOException {
    long pos = 0;
    long offset = firstOffset;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer header = ByteBuffer.allocate(8);
      while (pos < size) {
        String problem = null;
        byte[] payload = null;
        if (size - pos < 8) {
          problem = "a truncated record header";
        } else {
          header.clear();
          ch.read(header, pos);
          header.flip();
          int len = header.getInt();
          int crc = header.getInt();
          if (len <= 0 || len > size - pos - 8) {
            problem = "a record length of " + len + " bytes";
          } else {
            ByteBuffer body = ByteBuffer.allocate(len);
            ch.read(body, pos + 8);
            payload = body.array();
            if (crc(payload) != crc) {
              problem = "a checksum mismatch";
            }
          }
        }
        if (problem != null) {
          if (tolerateTornTail) {
            return pos;
          }
          throw new StoreException("event log segment " + file + " is damaged at byte " + pos + ": " + problem);
        }
        visitor.accept(new LoggedEvent(offset++, EventCodec.decode(payload)));
        pos += 8 + payload.length;
      }
    }
    return pos;
  }

  private static int crc(byte[] payload) {
    CRC32C c = new CRC32C();
    c.update(payload);
    return (int) c.getValue();
  }

  private void newSegment() throws IOException {
    if (tail != null) {
      tail.close();
    }
    Path file = dir.resolve(String.format(Locale.ROOT, "%s%020d%s", PREFIX, end, SUFFIX));
    tail = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    segments.add(new Segment(file, end));
    // The new file's directory entry must be durable too.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory for sync; the file's own fsync still holds its data.
    }
  }

  @Override
  public synchronized long[] append(List<Event> events) {
    if (closed) {
      throw new IllegalStateException("the event log in " + dir + " is closed");
    }
    long[] offsets = new long[events.size()];
    List<byte[]> records = new ArrayList<>(events.size());
    Set<String> batchKeys = new HashSet<>();
    for (int x = 0; x < events.size(); x++) {
      Event e = events.get(x);
      String key = e.idempotencyKey();
      if (key != null && (keys.contains(key) || !batchKeys.add(key))) {
        offsets[x] = -1;
        continue;
      }
      offsets[x] = end + records.size();
      records.add(EventCodec.encode(e));
    }
    if (records.isEmpty()) {
      return offsets;
    }
    try {
      if (tail.size() >= SEGMENT_BYTES) {
        newSegment();
      }
      int bytes = 0;
      for (byte[] r : records) {
        bytes += 8 + r.length;
      }
      ByteBuffer buf = ByteBuffer.allocate(bytes);
      for (byte[] r : records) {
        buf.putInt(r.length).putInt(crc(r)).put(r);
      }
      buf.flip();
      while (buf.hasRemaining()) {
        tail.write(buf);
      }
      tail.force(false);
    } catch (IOException e) {
      throw new StoreException("cannot append to the event log in " + dir + ": " + e.getMessage(), e);
    }
    end += records.size();
    keys.addAll(batchKeys);
    return offsets;
  }

  @Override
  public void replay(long fromOffset, Consumer<LoggedEvent> visitor) {
    List<Segment> segs;
    long upTo;
    synchronized (this) {
      segs = List.copyOf(segments);
      upTo = end;
    }
    for (int s = 0; s < segs.size(); s++) {
      long segEnd = s + 1 < segs.size() ? segs.get(s + 1).firstOffset() : upTo;
      if (segEnd <= fromOffset) {
        continue;
      }
      try {
        scan(segs.get(s).file(), true, e -> {
          if (e.offset() >= fromOffset && e.offset() < upTo) {
            visitor.accept(e);
          }
        }, segs.get(s).firstOffset());
      } catch (IOException e) {
        throw new StoreException("cannot read the event log segment " + segs.get(s).file() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public synchronized long endOffset() {
    return end;
  }

  /** The log's directory. */
  public Path dir() {
    return dir;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      tail.close();
    } catch (IOException e) {
      throw new StoreException("cannot close the event log in " + dir + ": " + e.getMessage(), e);
    }
  }
}
