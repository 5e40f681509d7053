package io.affinity.store.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The id → ordinal table against every id, unknown ids, and duplicates. */
class VectorTableTest {
  @Test
  void every_id_maps_to_its_row_and_unknown_ids_to_minus_one() {
    int n = 50_000;
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "i" + i;
    }
    VectorTable t = new VectorTable(ids, new float[n], 1);
    for (int i = 0; i < n; i++) {
      assertEquals(i, t.ordinal("i" + i));
    }
    assertEquals(-1, t.ordinal("i" + n));
    assertEquals(-1, t.ordinal(""));
    assertEquals(-1, t.ordinal(null));
    // "Aa" and "BB" share a String hash code: both must still be found.
    VectorTable collide = new VectorTable(new String[] {"Aa", "BB"}, new float[2], 1);
    assertEquals(0, collide.ordinal("Aa"));
    assertEquals(1, collide.ordinal("BB"));
  }

  @Test
  void a_repeated_id_is_refused_naming_it() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new VectorTable(new String[] {"a", "b", "a"}, new float[3], 1));
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
  }
}
