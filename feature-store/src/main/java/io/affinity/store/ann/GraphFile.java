package io.affinity.store.ann;

import io.affinity.store.CorruptSnapshotException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The on-disk form of a neighbour graph: a 24-byte header ({@code AFFGRAPH}, int32 version 1,
 * int32 nodes, int32 degree, int32 reserved 0) followed by {@code nodes x degree} int32 neighbour
 * rows, all little-endian. Row {@code i} lists node {@code i}'s neighbours (item-table rows), best
 * first, padded with -1 after the last one.
 *
 * <p>{@link #read} checks everything a search relies on (header, size, every neighbour in range,
 * no self-loop, padding only at the end), so a damaged file is refused at load rather than sending
 * a search out of bounds.
 */
public final class GraphFile {
  private static final byte[] MAGIC = "AFFGRAPH".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  /** Header length in bytes. */
  public static final int HEADER_BYTES = 24;

  private GraphFile() {}

  /**
   * An adjacency read from a file or built in memory.
   *
   * @param nodes how many nodes
   * @param degree neighbour slots per node
   * @param neighbors {@code nodes x degree} node ids, -1 padded; never mutated
   */
  public record Adjacency(int nodes, int degree, int[] neighbors) {}

  /** Writes {@code a} to {@code file} (created or replaced). */
  public static void write(Path file, Adjacency a) throws IOException {
    Files.createDirectories(file.getParent());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      head.put(MAGIC).putInt(VERSION).putInt(a.nodes()).putInt(a.degree()).putInt(0).flip();
      writeFully(ch, head);
      ByteBuffer body = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (int v : a.neighbors()) {
        if (!body.hasRemaining()) {
          body.flip();
          writeFully(ch, body);
          body.clear();
        }
        body.putInt(v);
      }
      body.flip();
      writeFully(ch, body);
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /**
   * Reads and validates a graph over {@code expectedNodes} nodes.
   *
   * @throws CorruptSnapshotException naming the file and what is wrong
   */
  public static Adjacency read(Path file, int expectedNodes) {
    String name = file.getFileName().toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEADER_BYTES) {
        throw new CorruptSnapshotException("graph " + name + " has " + size + " bytes, shorter than its header");
      }
      ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, head, 0);
      byte[] magic = new byte[MAGIC.length];
      head.flip().get(magic);
      int version = head.getInt();
      int nodes = head.getInt();
      int degree = head.getInt();
      if (!java.util.Arrays.equals(magic, MAGIC) || version != VERSION) {
        throw new CorruptSnapshotException("graph " + name + " is not an Affinity graph v" + VERSION);
      }
      if (nodes != expectedNodes || degree < 1 || degree > 1024) {
        throw new CorruptSnapshotException("graph " + name + " has " + nodes + " nodes of degree " + degree
            + ", expected " + expectedNodes + " nodes of degree 1..1024");
      }
      long expectedSize = HEADER_BYTES + 4L * nodes * degree;
      if (size != expectedSize || (long) nodes * degree > Integer.MAX_VALUE - 8) {
        throw new CorruptSnapshotException("graph " + name + " has " + size + " bytes, expected " + expectedSize);
      }
      ByteBuffer body = ByteBuffer.allocate((int) (size - HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, body, HEADER_BYTES);
      int[] neighbors = new int[nodes * degree];
      body.flip().asIntBuffer().get(neighbors);
      validate(name, nodes, degree, neighbors);
      return new Adjacency(nodes, degree, neighbors);
    } catch (IOException e) {
      throw new CorruptSnapshotException("cannot read graph " + name + ": " + e.getMessage(), e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long pos = position;
    while (b.hasRemaining()) {
      int r = ch.read(b, pos);
      if (r < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += r;
    }
  }

  private static void validate(String name, int nodes, int degree, int[] neighbors) {
    for (int node = 0; node < nodes; node++) {
      boolean padding = false;
      for (int j = node * degree, end = j + degree; j < end; j++) {
        int v = neighbors[j];
        if (v == -1) {
          padding = true;
        } else if (padding || v < 0 || v >= nodes || v == node) {
          throw new CorruptSnapshotException("graph " + name + ": node " + node + " has neighbour " + v
              + (padding ? " after its padding" : " outside 0.." + (nodes - 1) + " or itself"));
        }
      }
    }
  }
}
