package io.affinity.transformers.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content encoder on planted data: each item's collaborative vector is its genre's centroid
 * plus noise, and its text names the genre among filler words. The encoder must map an unseen
 * item's text close to its genre's centroid.
 */
class ContentEncoderTest {
  private static final String[] GENRES = {"drama", "comedy", "horror", "western"};

  @Test
  void tokenizer_counts_words_and_maps_unknown_ones_to_one(@TempDir Path tmp) throws Exception {
    Tokenizer t = Tokenizer.build(List.of("The Matrix (1999)", "the matrix reloaded", "Amélie"), 10);
    assertEquals(2 + 5, t.size(), "the, matrix, 1999, reloaded, amélie + padding + unknown");
    assertArrayEquals(new int[] {t.encode("matrix", 1)[0], t.encode("the", 1)[0], 1, 0}, t.encode("Matrix, THE! zzz", 4));
    t.save(tmp.resolve("v.txt"));
    assertArrayEquals(t.encode("the matrix amélie", 5), Tokenizer.load(tmp.resolve("v.txt")).encode("the matrix amélie", 5));
  }

  @Test
  void a_vocabulary_counted_elsewhere_is_checked_and_keeps_its_order() {
    Tokenizer t = Tokenizer.of(List.of("matrix", "the"));
    assertArrayEquals(new int[] {2, 3, 1}, t.encode("Matrix the amélie", 3));
    var repeated = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Tokenizer.of(List.of("the", "the")));
    assertTrue(repeated.getMessage().contains("'the'"), repeated.getMessage());
    var notAWord = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Tokenizer.of(List.of("The Matrix")));
    assertTrue(notAWord.getMessage().contains("'The Matrix'"), notAWord.getMessage());
  }

  @Test
  void unseen_texts_land_near_their_genre(@TempDir Path tmp) {
    SplittableRandom rnd = new SplittableRandom(5);
    float[][] centroid = new float[GENRES.length][8];
    for (float[] c : centroid) {
      for (int d = 0; d < c.length; d++) {
        c[d] = (float) rnd.nextGaussian();
      }
    }
    List<String> texts = new ArrayList<>();
    List<float[]> targets = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int g = i % GENRES.length;
      texts.add("film number " + i + " a " + GENRES[g] + " story");
      float[] v = centroid[g].clone();
      for (int d = 0; d < v.length; d++) {
        v[d] += (float) (0.1 * rnd.nextGaussian());
      }
      targets.add(v);
    }
    ContentConfig cfg = new ContentConfig(16, 1, 2, 8, 1000, 64, 600, 0.01f, 0.0f, 100, 3, 7);
    ContentTrainer.Trained t = ContentTrainer.train(texts, targets.toArray(float[][]::new), texts, cfg,
        tmp.resolve("enc"), System.out::println);
    assertTrue(t.bestCosine() > 0.9, "held-out cosine " + t.bestCosine());
    try (ContentModel m = ContentModel.load(t.savedModel())) {
      float[][] cold = m.encode(new String[] {"film number 9999 a horror story", "film number 12345 a western story"});
      assertTrue(ContentTrainer.cosine(cold[0], centroid[2]) > 0.9, "horror text near the horror centroid");
      assertTrue(ContentTrainer.cosine(cold[1], centroid[3]) > 0.9, "western text near the western centroid");
      assertTrue(ContentTrainer.cosine(cold[0], centroid[3]) < ContentTrainer.cosine(cold[0], centroid[2]));
    }
  }
}
