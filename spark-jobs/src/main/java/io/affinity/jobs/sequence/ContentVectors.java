package io.affinity.jobs.sequence;

import io.affinity.transformers.content.ContentModel;
import io.affinity.transformers.content.ExternalTextModel;
import io.affinity.transformers.content.TextEncoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Content-encoder inference in executors: rows {@code id, text} in, rows {@code id, features} out,
 * {@value SequenceVectors#BATCH} texts per call to the executor's shared model.
 */
public final class ContentVectors {
  private ContentVectors() {}

  /**
   * Item vectors for {@code texts} (columns {@code id} int, {@code text} string).
   *
   * @param model a trained content encoder, or a user-supplied text model when {@code external}
   */
  public static Dataset<Row> items(Dataset<Row> texts, ShippedModel model, boolean external) {
    return texts.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
      TextEncoder m = external ? model.load(ExternalTextModel::load) : model.load(ContentModel::load);
      List<Row> out = new ArrayList<>();
      List<Integer> ids = new ArrayList<>();
      List<String> batch = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        ids.add(r.getInt(0));
        batch.add(r.isNullAt(1) ? "" : r.getString(1));
        if (batch.size() == SequenceVectors.BATCH || !rows.hasNext()) {
          float[][] v = m.encode(batch.toArray(String[]::new));
          for (int x = 0; x < v.length; x++) {
            out.add(RowFactory.create(ids.get(x), v[x]));
          }
          ids.clear();
          batch.clear();
        }
      }
      return out.iterator();
    }, Encoders.row(SequenceVectors.SCHEMA));
  }
}
