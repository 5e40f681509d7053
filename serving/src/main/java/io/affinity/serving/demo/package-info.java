/** Prints example requests with their real responses, for {@code affinity demo}. */
package io.affinity.serving.demo;
