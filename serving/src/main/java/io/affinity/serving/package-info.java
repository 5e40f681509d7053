/**
 * Affinity's online server: a thin Javalin layer answering recommendation and similar-item
 * lookups from the current feature-store snapshot. {@link io.affinity.serving.ServingApp} declares
 * every route; feature packages ({@code recommend}, {@code similar}, {@code info}, {@code health})
 * hold a controller (HTTP only) and a service (no Javalin); {@code snapshot} holds the loaded
 * state, {@code index} the vector search, {@code http} the error model.
 */
package io.affinity.serving;
