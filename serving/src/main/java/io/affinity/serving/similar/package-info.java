/** {@code GET /v1/items/{itemId}/similar}: the items nearest to an item by cosine similarity. */
package io.affinity.serving.similar;
