package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Parsing {@code --since}, {@code --until} and {@code --window}. */
class DataWindowTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-11-28");

  @Test
  void a_window_ends_at_todays_midnight_unless_until_is_given() {
    DataWindow w = DataWindow.parse(null, null, "90d", TODAY);
    assertEquals(Instant.parse("2026-11-28T00:00:00Z"), w.until());
    assertEquals(Instant.parse("2026-08-30T00:00:00Z"), w.since());
    DataWindow h = DataWindow.parse(null, "2026-11-01T06:00:00Z", "12h", TODAY);
    assertEquals(Instant.parse("2026-10-31T18:00:00Z"), h.since());
    assertEquals(Instant.parse("2026-10-04T00:00:00Z"), DataWindow.parse(null, "2026-11-01", "4w", TODAY).since());
  }

  @Test
  void since_and_until_alone_and_open_ends() {
    DataWindow w = DataWindow.parse("2026-11-01", null, null, TODAY);
    assertEquals(Instant.parse("2026-11-01T00:00:00Z"), w.since());
    assertNull(w.until());
    assertTrue(DataWindow.parse(null, null, null, TODAY).isAll());
  }

  @Test
  void bad_values_name_the_flag() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DataWindow.parse(null, null, "90", TODAY))
        .getMessage().contains("--window"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DataWindow.parse("yesterday", null, null, TODAY))
        .getMessage().contains("--since must be a date"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DataWindow.parse("2026-11-02", "2026-11-01", null,
        TODAY)).getMessage().contains("must be before"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DataWindow.parse("2026-11-01", null, "3d", TODAY))
        .getMessage().contains("not both"));
  }
}
