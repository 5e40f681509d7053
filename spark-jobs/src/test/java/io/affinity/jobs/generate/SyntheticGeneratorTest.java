package io.affinity.jobs.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.parquet.ParquetTableReader;
import io.affinity.store.parquet.SnapshotTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticGeneratorTest {
  @TempDir Path tmp;

  @Test
  void writes_exactly_the_requested_events_and_items_deterministically() throws Exception {
    GeneratorConfig cfg = GeneratorConfig.of(200, 500, 5_000, 7);
    SyntheticGenerator.Result a = new SyntheticGenerator(cfg).write(tmp.resolve("a"));
    new SyntheticGenerator(cfg).write(tmp.resolve("b"));
    assertEquals(5_000, a.interactions());
    assertEquals(500, a.items());
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a/interactions/part-00000.parquet")),
        Files.readAllBytes(tmp.resolve("b/interactions/part-00000.parquet")));
    List<Group> items = ParquetTableReader.readAll(tmp.resolve("a/items"));
    assertEquals(500, items.size());
    assertTrue(SnapshotTables.strings(items.get(0), "tags").size() >= 2);
    assertTrue(items.get(0).getString("title", 0).endsWith(" 1"));
  }

  @Test
  void popularity_is_skewed_activity_is_long_tailed_and_sessions_are_time_ordered() {
    GeneratorConfig cfg = GeneratorConfig.of(1_000, 2_000, 50_000, 11);
    Path out = tmp.resolve("g");
    new SyntheticGenerator(cfg).write(out);
    Map<String, Integer> itemCounts = new HashMap<>();
    Map<String, Integer> userCounts = new HashMap<>();
    Map<String, Long> lastTs = new HashMap<>();
    List<String> unordered = new ArrayList<>();
    ParquetTableReader.forEach(out.resolve("interactions"), g -> {
      String u = g.getString("user_id", 0);
      itemCounts.merge(g.getString("item_id", 0), 1, Integer::sum);
      userCounts.merge(u, 1, Integer::sum);
      long ts = g.getLong("ts", 0);
      Long prev = lastTs.put(u, ts);
      if (prev != null && prev > ts) {
        unordered.add(u);
      }
    });
    assertEquals(List.of(), unordered, "each user's events are written in time order");
    int[] sortedItems = itemCounts.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    long top1pct = 0;
    for (int i = sortedItems.length - sortedItems.length / 100; i < sortedItems.length; i++) {
      top1pct += sortedItems[i];
    }
    assertTrue(top1pct > 50_000 * 0.08, "top 1% of items get > 8% of events, got " + top1pct);
    int[] sortedUsers = userCounts.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    int median = sortedUsers[sortedUsers.length / 2];
    int max = sortedUsers[sortedUsers.length - 1];
    assertTrue(max > 5 * median, "long tail: max " + max + " vs median " + median);
  }

  @Test
  void bad_settings_name_the_bad_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GeneratorConfig.of(100, 10, 50, 1));
    assertTrue(e.getMessage().contains("--events") && e.getMessage().contains("50"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GeneratorConfig.of(0, 10, 50, 1));
  }
}
