/**
 * Store administration: list snapshots, promote or roll back the {@code _CURRENT} pointer (only to
 * snapshots that verify), and garbage-collect old snapshots and the leftovers of crashed publishes.
 */
package io.affinity.store.admin;
