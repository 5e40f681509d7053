package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.affinity.jobs.testing.LocalSpark;
import io.affinity.transformers.content.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content encoder's vocabulary counted in executors is the one {@link Tokenizer#build} makes
 * from the collected texts: same tokens, same ids (frequency, then ties by token), so a catalogue
 * tokenised in Spark trains the same model as one tokenised on the driver.
 */
class ContentVocabularyIT {
  @TempDir Path tmp;

  @Test
  void vocabulary_counted_in_executors_equals_the_driver_tokenizer() throws Exception {
    SplittableRandom rnd = new SplittableRandom(7);
    String[] words = {"the", "matrix", "Reloaded", "amélie", "noir", "1999", "drama", "sci-fi", "war", "love",
        "Paris", "space", "l'été", "crime", "x", "comedy"};
    List<Row> rows = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = rnd.nextInt(8);
      for (int w = 0; w < n; w++) {
        b.append(words[(int) Math.floor(Math.pow(rnd.nextDouble(), 2) * words.length)]).append(w % 3 == 0 ? ", " : " ");
      }
      String text = i % 97 == 0 ? null : b.toString();
      rows.add(RowFactory.create(i, text));
      texts.add(text);
    }
    Dataset<Row> data = LocalSpark.get().createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType)
        .add("text", DataTypes.StringType)).repartition(4);
    for (int max : new int[] {5, 11, 1000}) {
      Path spark = tmp.resolve("spark-" + max + ".txt");
      Path driver = tmp.resolve("driver-" + max + ".txt");
      Tokenizer.of(ContentEncoding.vocabulary(data, max)).save(spark);
      Tokenizer.build(texts, max).save(driver);
      assertEquals(Files.readAllLines(driver), Files.readAllLines(spark), "vocabulary of at most " + max);
    }
  }
}
