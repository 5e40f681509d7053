/**
 * The jobs' command line (picocli): {@code import movielens}, {@code generate}, {@code train} and
 * {@code demo}. Commands parse flags into validated config records and call plain functions;
 * {@code bin/affinity} dispatches to this main class, and so can {@code spark-submit}.
 */
package io.affinity.jobs.cli;
