/** Test fixtures for the serving tests. */
package io.affinity.serving.testing;
