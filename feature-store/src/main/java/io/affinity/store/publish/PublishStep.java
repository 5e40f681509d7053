package io.affinity.store.publish;

/** The steps of a publish, in order; {@link PublishHook} is called before each. */
public enum PublishStep {
  /** Every staged file is about to be hashed. */
  HASH_FILES,
  /** The manifest is about to be written into the staging directory. */
  WRITE_MANIFEST,
  /** The staged snapshot is about to be verified against its manifest. */
  VERIFY,
  /** The staging directory is about to be renamed into {@code snapshots/}. */
  MOVE_INTO_PLACE,
  /** The temporary pointer file is about to be written. */
  WRITE_POINTER,
  /** The temporary pointer is about to be renamed over {@code _CURRENT}. */
  SWAP_POINTER
}
