package io.affinity.store;

/**
 * A snapshot exists but must not be served: a file is missing, has the wrong size or checksum, or
 * the manifest contradicts the data (for example a vector whose dimension differs from the one the
 * manifest declares). The message names the snapshot and the offending file or value.
 */
public final class CorruptSnapshotException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** Creates the error; {@code message} names the snapshot and what failed to verify. */
  public CorruptSnapshotException(String message) {
    super(message);
  }

  /** Creates the error keeping the underlying cause (for example a Parquet decoding error). */
  public CorruptSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
