/** Shared fixtures of the Spark job tests: one local[2] session per test JVM, and dataset lookup. */
package io.affinity.jobs.testing;
