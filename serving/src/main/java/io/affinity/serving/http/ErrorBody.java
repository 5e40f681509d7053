package io.affinity.serving.http;

/**
 * The JSON body of every error response.
 *
 * @param error machine-readable code
 * @param message what was wrong, naming the bad value
 */
public record ErrorBody(String error, String message) {}
