/**
 * The content encoder (embedding space {@code content}): a small text transformer over an item's
 * title, tags and text, with a tokenizer and vocabulary built from the catalogue in Java, trained
 * to map an item's text to its collaborative (ALS) vector, so items nobody interacted with still
 * get a vector in the same space.
 */
package io.affinity.transformers.content;
