package io.affinity.serving.http;

import io.affinity.store.privacy.Pseudonymizer;
import java.util.Map;

/**
 * The user ids the API receives, as the store knows them: unchanged, or their keyed pseudonym when
 * the server runs with {@code --pseudonymize-users}. Responses echo the id the client sent.
 */
public final class UserIds {
  private final Pseudonymizer pseudonyms;

  /** Creates the mapping; {@code pseudonyms} null means ids are used as they are. */
  public UserIds(Pseudonymizer pseudonyms) {
    this.pseudonyms = pseudonyms;
  }

  /** The id to look up or store. */
  public String internal(String raw) {
    return pseudonyms == null ? raw : pseudonyms.apply(raw);
  }

  /**
   * Why a snapshot cannot be served with this server's setting, or null when it can: a snapshot
   * trained with pseudonyms needs the same key, and one trained on raw ids needs none.
   */
  public String refusal(Map<String, Object> manifestParameters) {
    Object recorded = manifestParameters.get("pseudonymizedUsers");
    String theirs = recorded instanceof Map<?, ?> m && m.get("keyCheck") != null ? m.get("keyCheck").toString() : null;
    if (pseudonyms == null) {
      return theirs == null ? null : "its user ids are pseudonymised; start the server with --pseudonymize-users"
          + " and the same key";
    }
    if (theirs == null) {
      return "its user ids are raw, but the server runs with --pseudonymize-users";
    }
    return theirs.equals(pseudonyms.keyCheck()) ? null
        : "its user ids were pseudonymised with another key (key check " + theirs + ", ours " + pseudonyms.keyCheck()
            + ")";
  }
}
