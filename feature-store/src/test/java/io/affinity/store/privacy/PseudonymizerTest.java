package io.affinity.store.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Keyed pseudonyms: stable per key, different across keys, never the raw id, a real key required. */
class PseudonymizerTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef";

  @Test
  void pseudonyms_are_stable_per_key_and_differ_across_keys() {
    Pseudonymizer a = new Pseudonymizer(KEY);
    String p = a.apply("alice");
    assertEquals(p, new Pseudonymizer(KEY).apply("alice"), "the same key gives the same pseudonym in another process");
    assertTrue(p.matches("p-[0-9a-f]{32}"), p);
    assertNotEquals(p, a.apply("bob"));
    assertNotEquals(p, new Pseudonymizer(KEY + "x").apply("alice"));
    assertNotEquals(a.keyCheck(), new Pseudonymizer(KEY + "x").keyCheck());
    assertNull(a.apply(null));
  }

  @Test
  void a_missing_or_short_key_is_refused_with_the_variable_named() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Pseudonymizer(null)).getMessage()
        .contains("AFFINITY_PSEUDONYM_KEY"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Pseudonymizer("short")).getMessage()
        .contains("at least 32"));
  }
}
