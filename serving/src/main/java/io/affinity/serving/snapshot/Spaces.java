package io.affinity.serving.snapshot;

import io.affinity.serving.http.ApiException;
import io.affinity.serving.http.Params;

/** Resolves the {@code space} request parameter against a snapshot. */
public final class Spaces {
  private Spaces() {}

  /**
   * Returns the named space, or the default one when {@code name} is null.
   *
   * @throws ApiException 400 naming the unknown space and the available ones
   */
  public static LoadedSpace resolve(LoadedSnapshot snap, String name) {
    String n = name == null || name.isEmpty() ? snap.defaultSpace() : name;
    LoadedSpace s = snap.spaces().get(n);
    if (s == null) {
      throw ApiException.badRequest("unknown space '" + Params.abbreviate(n) + "'; this snapshot has "
          + snap.spaces().keySet());
    }
    return s;
  }
}
