package io.affinity.transformers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;

/** Small helpers shared by the models: tensor to Java matrix, and clearing an export directory. */
public final class Tensors {
  private Tensors() {}

  /** Copies a float32 [rows, cols] tensor into a Java matrix (the tensor stays open; the caller closes it). */
  public static float[][] matrix(TFloat32 t) {
    Shape shape = t.shape();
    float[][] out = new float[(int) shape.get(0)][(int) shape.get(1)];
    StdArrays.copyFrom(t, out);
    return out;
  }

  /** Deletes a directory tree if it exists (model export directories). */
  public static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
