package io.affinity.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.train.AlsParams;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchSpaceTest {
  private static final SearchSpace SPACE = new SearchSpace(List.of(8, 16), List.of(0.1, 1.0),
      List.of(0.3, 1.0, 3.0), List.of(5), 7);

  @Test
  void the_grid_is_every_combination_in_a_fixed_order() {
    List<AlsParams> g = SPACE.grid();
    assertEquals(12, g.size());
    assertEquals(new AlsParams(8, 0.1, 0.3, 5, 7), g.get(0));
    assertEquals(new AlsParams(16, 1.0, 3.0, 5, 7), g.get(11));
    assertEquals(12, new HashSet<>(g).size());
  }

  @Test
  void random_samples_are_distinct_and_repeat_with_the_seed() {
    List<AlsParams> a = SPACE.sample(5, 42);
    assertEquals(5, a.size());
    assertEquals(5, new HashSet<>(a).size());
    assertEquals(a, SPACE.sample(5, 42));
    assertNotEquals(a, SPACE.sample(5, 43));
    assertEquals(12, SPACE.sample(100, 1).size(), "never more than the grid");
  }

  @Test
  void bad_values_are_refused_with_the_flag_and_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SearchSpace(List.of(0), List.of(0.1), List.of(1.0), List.of(5), 1));
    assertTrue(e.getMessage().contains("--rank") && e.getMessage().contains("0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SearchSpace(List.of(), List.of(0.1), List.of(1.0), List.of(5), 1));
  }

  @Test
  void a_result_file_round_trips_and_a_broken_one_names_the_file(@TempDir Path tmp) throws Exception {
    AlsParams best = new AlsParams(16, 0.1, 1.0, 5, 7);
    TuningResult r = new TuningResult("ndcg@10", Map.of("split", "random-per-user-holdout"), Map.of("kind", "grid"),
        best, 0.3, List.of(new TuningResult.Trial(best, 0.3, 1.5)));
    Path f = tmp.resolve("t.json");
    r.write(f);
    assertEquals(best, TuningResult.read(f).best());
    java.nio.file.Files.writeString(f, "{\"best\": {\"rank\": -1}}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TuningResult.read(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }
}
