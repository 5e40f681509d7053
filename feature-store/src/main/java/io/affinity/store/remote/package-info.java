/**
 * Stores on any Hadoop file system ({@code s3a://}, {@code hdfs://}, {@code file://}): publishing a
 * locally sealed snapshot to them so readers never see a partial one, moving their pointer, and
 * reading them through a verified local cache.
 */
package io.affinity.store.remote;
