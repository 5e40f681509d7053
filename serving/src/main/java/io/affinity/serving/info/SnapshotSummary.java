package io.affinity.serving.info;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.affinity.store.manifest.Evaluation;
import io.affinity.store.manifest.InputInfo;
import io.affinity.store.manifest.Producer;
import io.affinity.store.manifest.SpaceInfo;
import java.util.List;
import java.util.Map;

/**
 * The manifest summary served at {@code /v1/snapshot}.
 *
 * @param snapshot the snapshot id
 * @param createdAt when it was created (ISO-8601)
 * @param loadedAt when this server loaded it (ISO-8601)
 * @param producer the job that produced it
 * @param spaces its embedding spaces
 * @param inputs its inputs with row counts and dropped rows
 * @param parameters the producer's parameters
 * @param evaluation offline metrics and their protocol (absent when not evaluated)
 * @param files the number of data files
 * @param lastLoadFailure why the newest snapshot was refused, if it was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotSummary(
    String snapshot, String createdAt, String loadedAt, Producer producer, List<SpaceInfo> spaces,
    List<InputInfo> inputs, Map<String, Object> parameters, Evaluation evaluation, int files,
    String lastLoadFailure) {}
