package io.affinity.store.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {

  private static Manifest sample() {
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("split", "random-per-user");
    protocol.put("testFraction", 0.2);
    return new Manifest(1, "20261128T062404123Z-0a1b2c", "2026-11-28T06:24:04.123Z",
        new Producer("affinity-train", "0.1.0", "deadbeef"),
        List.of(new InputInfo("interactions", "/data/x", 10, 7, Map.of("null_user_id", 2L, "duplicate", 1L))),
        Map.of("rank", 16, "alpha", 0.3),
        List.of(new SpaceInfo("als", 16, "dot", "als/users", "als/items", 5, 6)),
        List.of(new TableInfo("als/users", "als/users", 5)),
        List.of(new IndexInfo("als", "recommend", "jvector-graph", 17, 6, "als/items.recommend.order",
            List.of(new IndexPart("als/items.recommend.p0.jvector", 0, 4, 2.5f),
                new IndexPart("als/items.recommend.p1.jvector", 4, 2, 1.5f)),
            Map.of("maxDegree", 32)),
            new IndexInfo("als", "graph", "affinity-graph-v1", 16, 6, null,
                List.of(new IndexPart("als/items.graph", 0, 6, 1f)), Map.of("maxDegree", 16))),
        new Evaluation(protocol, Map.of("als", Map.of("ndcg@10", 0.31))),
        List.of(new FileEntry("als/users/part-00000.parquet", 123, "a".repeat(64), "0123abcd")));
  }

  @Test
  void manifest_survives_a_json_round_trip_unchanged() {
    Manifest m = sample();
    Manifest back = ManifestCodec.fromJson(ManifestCodec.toJson(m), "test");
    assertEquals(m, back);
    assertEquals(0.31, back.evaluation().metric("als", "ndcg@10"));
    assertEquals(2L, back.inputs().get(0).rowsDropped().get("null_user_id"));
  }

  @Test
  void newer_format_version_is_refused_with_the_version_named() {
    String json = new String(ManifestCodec.toJson(sample()), StandardCharsets.UTF_8)
        .replace("\"formatVersion\" : 1", "\"formatVersion\" : 99");
    StoreException e = assertThrows(StoreException.class,
        () -> ManifestCodec.fromJson(json.getBytes(StandardCharsets.UTF_8), "m.json"));
    assertTrue(e.getMessage().contains("99"), e.getMessage());
  }

  @Test
  void malformed_json_and_invalid_fields_are_refused_naming_the_problem() {
    StoreException e1 = assertThrows(StoreException.class,
        () -> ManifestCodec.fromJson("{not json".getBytes(StandardCharsets.UTF_8), "m.json"));
    assertTrue(e1.getMessage().contains("m.json"), e1.getMessage());
    String json = new String(ManifestCodec.toJson(sample()), StandardCharsets.UTF_8)
        .replace("\"dimension\" : 16", "\"dimension\" : -3");
    StoreException e2 = assertThrows(StoreException.class,
        () -> ManifestCodec.fromJson(json.getBytes(StandardCharsets.UTF_8), "m.json"));
    assertTrue(e2.getMessage().contains("-3"), e2.getMessage());
  }

  @Test
  void file_paths_that_escape_the_snapshot_are_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new FileEntry("../x", 1, "a".repeat(64), null));
    assertThrows(IllegalArgumentException.class, () -> new FileEntry("/etc/passwd", 1, "a".repeat(64), null));
    assertThrows(IllegalArgumentException.class, () -> new FileEntry("a/./b", 1, "a".repeat(64), null));
  }

  @Test
  void index_parts_must_cover_the_nodes_without_gaps() {
    var gap = assertThrows(IllegalArgumentException.class, () -> new IndexInfo("als", "recommend", "jvector-graph", 3,
        6, "o", List.of(new IndexPart("a", 0, 2, 1f), new IndexPart("b", 3, 3, 1f)), Map.of()));
    assertTrue(gap.getMessage().contains("starts at 3, expected 2"), gap.getMessage());
    var shortParts = assertThrows(IllegalArgumentException.class, () -> new IndexInfo("als", "similar",
        "jvector-graph", 3, 6, null, List.of(new IndexPart("a", 0, 2, 1f)), Map.of()));
    assertTrue(shortParts.getMessage().contains("cover 2 nodes, expected 6"), shortParts.getMessage());
  }
}
