package io.affinity.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One item of a response list.
 *
 * @param id the item id
 * @param score its score: inner product for recommendations, cosine for similar items, distinct
 *     users for popular items; a float, as computed (JSON carries its shortest decimal form)
 * @param title the catalog title, omitted when the snapshot has no catalog
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoredItem(String id, float score, String title) {}
