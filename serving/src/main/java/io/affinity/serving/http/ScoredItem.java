package io.affinity.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One item of a response list.
 *
 * @param id the item id
 * @param score its score: inner product for recommendations, cosine for similar items, distinct
 *     users for popular items
 * @param title the catalog title, omitted when the snapshot has no catalog
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoredItem(String id, double score, String title) {}
