/**
 * Admin routes, guarded by a bearer token: {@code POST /v1/admin/reload} loads the snapshot
 * {@code _CURRENT} names now instead of waiting for the next poll.
 */
package io.affinity.serving.admin;
