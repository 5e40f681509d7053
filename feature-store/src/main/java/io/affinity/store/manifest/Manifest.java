package io.affinity.store.manifest;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The manifest of one snapshot, stored as {@code _MANIFEST.json} at the snapshot's root.
 *
 * <p>Immutable. {@code createdAt} is an ISO-8601 UTC instant. {@code evaluation} is null when the
 * producer did not evaluate. Every file of the snapshot except the manifest itself is listed in
 * {@code files}; a reader refuses a snapshot whose files differ from that list.
 *
 * @param formatVersion snapshot format version, see {@link #FORMAT_VERSION}
 * @param snapshotId the snapshot's id, sortable by creation time
 * @param createdAt creation instant, ISO-8601 UTC
 * @param producer the job that produced the snapshot
 * @param inputs the data the snapshot was computed from, with row counts
 * @param parameters the producer's parameters (for ALS: rank, regParam, alpha, ...)
 * @param spaces the embedding spaces the snapshot holds
 * @param tables every Parquet table, by name
 * @param indexes ANN indexes over item vectors (empty when none were built)
 * @param evaluation offline evaluation results, or null
 * @param files every data file with its size and SHA-256
 */
public record Manifest(
    int formatVersion,
    String snapshotId,
    String createdAt,
    Producer producer,
    List<InputInfo> inputs,
    Map<String, Object> parameters,
    List<SpaceInfo> spaces,
    List<TableInfo> tables,
    List<IndexInfo> indexes,
    Evaluation evaluation,
    List<FileEntry> files) {

  /** The format version this code writes and the newest it reads. */
  public static final int FORMAT_VERSION = 2;

  /** Validates and defensively copies every collection. */
  public Manifest {
    if (formatVersion < 1) {
      throw new IllegalArgumentException("formatVersion must be >= 1, got " + formatVersion);
    }
    Objects.requireNonNull(snapshotId, "snapshotId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(producer, "producer");
    inputs = List.copyOf(Objects.requireNonNullElse(inputs, List.of()));
    parameters = Map.copyOf(Objects.requireNonNullElse(parameters, Map.of()));
    spaces = List.copyOf(Objects.requireNonNullElse(spaces, List.of()));
    tables = List.copyOf(Objects.requireNonNullElse(tables, List.of()));
    indexes = List.copyOf(Objects.requireNonNullElse(indexes, List.of()));
    files = List.copyOf(Objects.requireNonNullElse(files, List.of()));
  }

  /** Returns the space with this name, if the snapshot has it. */
  public Optional<SpaceInfo> space(String name) {
    return spaces.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Returns the table with this name, if the snapshot has it. */
  public Optional<TableInfo> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Returns the index of a space for a purpose (see {@link IndexInfo}), if built. */
  public Optional<IndexInfo> index(String space, String purpose) {
    return indexes.stream().filter(i -> i.space().equals(space) && i.purpose().equals(purpose)).findFirst();
  }

  /** Returns a copy with the given id, creation time and file list (used when sealing). */
  public Manifest sealed(String id, String created, List<FileEntry> fileList) {
    return new Manifest(formatVersion, id, created, producer, inputs, parameters, spaces, tables,
        indexes, evaluation, fileList);
  }
}
