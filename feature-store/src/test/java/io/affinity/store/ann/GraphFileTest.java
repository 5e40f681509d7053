package io.affinity.store.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.CorruptSnapshotException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph file round-trips, and every kind of damage is refused with the file named. */
class GraphFileTest {
  @TempDir Path tmp;

  private static final GraphFile.Adjacency THREE = new GraphFile.Adjacency(3, 2, new int[] {1, 2, 0, -1, 1, 0});

  @Test
  void a_written_graph_reads_back_identically() throws Exception {
    Path f = tmp.resolve("g/items.graph");
    GraphFile.write(f, THREE);
    assertEquals(GraphFile.HEADER_BYTES + 6 * 4, Files.size(f));
    GraphFile.Adjacency back = GraphFile.read(f, 3);
    assertEquals(3, back.nodes());
    assertEquals(2, back.degree());
    assertArrayEquals(THREE.neighbors(), back.neighbors());
  }

  @Test
  void a_graph_over_another_number_of_nodes_is_refused() throws Exception {
    Path f = tmp.resolve("items.graph");
    GraphFile.write(f, THREE);
    var e = assertThrows(CorruptSnapshotException.class, () -> GraphFile.read(f, 4));
    assertTrue(e.getMessage().contains("items.graph has 3 nodes"), e.getMessage());
  }

  @Test
  void out_of_range_neighbours_self_loops_and_holes_are_refused() throws Exception {
    assertRefused(new int[] {1, 2, 0, -1, 1, 3}, "node 2 has neighbour 3");
    assertRefused(new int[] {1, 2, 1, -1, 1, 0}, "node 1 has neighbour 1");
    assertRefused(new int[] {-1, 2, 0, -1, 1, 0}, "node 0 has neighbour 2 after its padding");
    assertRefused(new int[] {1, 2, 0, -5, 1, 0}, "node 1 has neighbour -5");
  }

  @Test
  void a_truncated_file_or_a_wrong_magic_is_refused() throws Exception {
    Path f = tmp.resolve("items.graph");
    GraphFile.write(f, THREE);
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 4));
    var e = assertThrows(CorruptSnapshotException.class, () -> GraphFile.read(f, 3));
    assertTrue(e.getMessage().contains("bytes, expected"), e.getMessage());
    bytes[0] = 'X';
    Files.write(f, bytes);
    e = assertThrows(CorruptSnapshotException.class, () -> GraphFile.read(f, 3));
    assertTrue(e.getMessage().contains("not an Affinity graph"), e.getMessage());
    Files.write(f, new byte[3]);
    e = assertThrows(CorruptSnapshotException.class, () -> GraphFile.read(f, 3));
    assertTrue(e.getMessage().contains("shorter than its header"), e.getMessage());
  }

  private void assertRefused(int[] neighbors, String expected) throws Exception {
    Path f = tmp.resolve("bad.graph");
    GraphFile.write(f, new GraphFile.Adjacency(3, 2, neighbors));
    var e = assertThrows(CorruptSnapshotException.class, () -> GraphFile.read(f, 3));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    // the header is sound: the damage is in the rows
    ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(f), 8, 4).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1, head.getInt());
  }
}
