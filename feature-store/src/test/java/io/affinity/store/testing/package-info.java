/** Test fixtures shared by the feature-store tests. */
package io.affinity.store.testing;
