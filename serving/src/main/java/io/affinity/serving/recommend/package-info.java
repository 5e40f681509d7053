/** {@code GET /v1/users/{userId}/recommendations}: personalised top-k, or popular items for unknown users. */
package io.affinity.serving.recommend;
