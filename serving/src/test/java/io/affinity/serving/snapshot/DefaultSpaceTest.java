package io.affinity.serving.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.Producer;
import io.affinity.store.manifest.SpaceInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request without a space gets the one the train job chose, else the manifest's first. */
class DefaultSpaceTest {
  private static final List<SpaceInfo> SPACES = List.of(space("als"), space("sequence"), space("hybrid"));

  @Test
  void the_recorded_choice_wins_over_manifest_order() {
    Manifest m = manifest(Map.of("servedSpace", Map.of("space", "hybrid", "reason", "best on validation")));
    assertEquals("hybrid", SnapshotLoader.defaultSpace(m, loaded("als", "sequence", "hybrid")));
  }

  @Test
  void without_a_choice_or_with_an_unloaded_one_the_first_space_serves() {
    assertEquals("als", SnapshotLoader.defaultSpace(manifest(Map.of()), loaded("als", "sequence", "hybrid")));
    Manifest m = manifest(Map.of("servedSpace", Map.of("space", "gone")));
    assertEquals("als", SnapshotLoader.defaultSpace(m, loaded("als", "sequence", "hybrid")));
  }

  private static Manifest manifest(Map<String, Object> parameters) {
    return new Manifest(Manifest.FORMAT_VERSION, "s1", "2026-12-03T00:00:00Z", new Producer("test", "0", "none"),
        null, parameters, SPACES, null, null, null, null);
  }

  private static SpaceInfo space(String name) {
    return new SpaceInfo(name, 4, "dot", name + "/users", name + "/items", 1, 1);
  }

  private static Map<String, LoadedSpace> loaded(String... names) {
    Map<String, LoadedSpace> m = new HashMap<>();
    for (String n : names) {
      m.put(n, null);
    }
    return m;
  }
}
