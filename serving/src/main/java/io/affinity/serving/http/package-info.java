/**
 * The HTTP error model: typed {@link io.affinity.serving.http.ApiException}s thrown by
 * controllers, one {@link io.affinity.serving.http.ErrorMapper} that turns every failure into a
 * JSON body {@code {"error": code, "message": text}}, and parameter parsing that names bad values.
 */
package io.affinity.serving.http;
