package io.affinity.jobs.gate;

/**
 * The current snapshot's value of the gate metric on the candidate's protocol and data window.
 *
 * @param snapshotId the current snapshot, or null when the store has none
 * @param value the metric, or NaN when it could not be obtained
 * @param method {@code recorded} (same protocol and data fingerprint: taken from its manifest),
 *     {@code refit} (its recorded parameters refit on the candidate's train side and evaluated on
 *     the same test side), or {@code none}
 * @param note why the method was chosen, or why no value exists
 */
public record Incumbent(String snapshotId, double value, String method, String note) {
  /** No current snapshot. */
  public static Incumbent none() {
    return new Incumbent(null, Double.NaN, "none", "the store has no current snapshot");
  }
}
