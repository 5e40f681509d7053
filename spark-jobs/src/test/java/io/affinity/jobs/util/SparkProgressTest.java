package io.affinity.jobs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SparkProgressTest {
  @Test
  void durations_print_in_seconds_then_minutes() {
    assertEquals("0s", SparkProgress.duration(999));
    assertEquals("59s", SparkProgress.duration(59_000));
    assertEquals("1m00s", SparkProgress.duration(60_000));
    assertEquals("12m05s", SparkProgress.duration(725_400));
  }
}
