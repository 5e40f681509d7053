package io.affinity.transformers.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user-supplied text SavedModel: loaded, checked against the documented signature, applied. */
class ExternalTextModelTest {
  @TempDir
  Path dir;

  @Test
  void appliesAStringToVectorModel() {
    Path m = dir.resolve("bow");
    BagOfWordsModel.export(m, 8, 3);
    try (ExternalTextModel model = ExternalTextModel.load(m)) {
      float[][] v = model.encode(new String[] {"Toy Story Animation Comedy", "toy story animation comedy",
          "Heat Crime Thriller", ""});
      assertEquals(4, v.length);
      assertEquals(8, v[0].length);
      assertArrayEquals(v[0], v[1], "the model lower-cases, so both texts have the same words");
      assertTrue(ContentTrainer.cosine(v[0], v[2]) < 0.9, "different words give different vectors");
      assertEquals(8, v[3].length, "an empty text still gets a vector");
      float[][] again = model.encode(new String[] {"Heat Crime Thriller"});
      assertArrayEquals(v[2], again[0], "a text's vector does not depend on its batch");
    }
  }

  @Test
  void refusesADirectoryThatIsNotASavedModel() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExternalTextModel.load(dir.resolve("empty")));
    assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("saved_model.pb"), e.getMessage());
  }

  @Test
  void refusesAModelWhoseSignatureTakesNoText() {
    Path m = dir.resolve("encoder");
    ContentTrainer.train(java.util.List.of("a b", "c d"), new float[][] {{1, 0}, {0, 1}}, java.util.List.of("a b", "c d"),
        new ContentConfig(4, 1, 1, 4, 100, 2, 2, 0.01f, 0f, 1, 1, 1), m, line -> { });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExternalTextModel.load(m));
    assertTrue(e.getMessage().contains("input must be string [batch]") && e.getMessage().contains("DT_INT32"),
        e.getMessage());
  }
}
