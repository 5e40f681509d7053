package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.transformers.content.ContentConfig;
import io.affinity.transformers.sequence.SequenceConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Config errors name the flag and the bad value before any Spark work starts. */
class TrainConfigTest {
  @Test
  void content_without_a_catalog_is_refused_naming_both_flags() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainConfig.defaults("log", null, Path.of("store")).withContent(ContentConfig.DEFAULTS));
    assertTrue(e.getMessage().contains("--content") && e.getMessage().contains("--items"), e.getMessage());
  }

  @Test
  void transformer_hyper_parameters_are_validated_with_the_flag_and_value() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SequenceConfig(64, 2, 3, 50, 1, 128, 100, 0.001f, 0.2f, 10, 3, 1));
    assertTrue(e.getMessage().contains("--seq-heads") && e.getMessage().contains("3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ContentConfig(64, 1, 2, 0, 100, 16, 10, 0.001f, 0.1f, 10, 3, 1));
    assertTrue(e.getMessage().contains("--content-max-tokens") && e.getMessage().contains("0"), e.getMessage());
  }
}
