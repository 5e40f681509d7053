package io.affinity.transformers.content;

/**
 * Anything that turns item texts into vectors: the trained {@link ContentModel} or a
 * user-supplied {@link ExternalTextModel}. Implementations are thread-safe and close their native
 * resources in {@link #close()}.
 */
public interface TextEncoder extends AutoCloseable {
  /** One vector per text, all of the same dimension. */
  float[][] encode(String[] texts);

  @Override
  void close();
}
