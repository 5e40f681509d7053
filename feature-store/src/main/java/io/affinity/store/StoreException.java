package io.affinity.store;

/**
 * Base type of every error the feature store raises: an I/O failure, a malformed manifest or a
 * snapshot that does not verify. Messages name the store path or file concerned.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an error with a message that names what went wrong. */
  public StoreException(String message) {
    super(message);
  }

  /** Creates an error that keeps its cause. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
