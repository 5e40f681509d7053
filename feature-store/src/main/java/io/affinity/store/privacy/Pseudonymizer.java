package io.affinity.store.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces user ids with keyed pseudonyms: {@code "p-" + hex(HMAC-SHA256(key, id))[0..32]} (128
 * bits). The train job applies it to every user id it reads (so the store and its quarantine hold
 * no raw id), the server to every user id it receives (lookups and ingested events), so a raw id
 * still finds its user at the API. Without the key a pseudonym cannot be linked back to an id by
 * trying candidates. The key comes from the environment variable {@value #KEY_ENV} and must be at
 * least 32 characters. Thread-safe; serializable (Spark ships it to executors).
 */
public final class Pseudonymizer implements Serializable {
  /** The environment variable holding the key. */
  public static final String KEY_ENV = "AFFINITY_PSEUDONYM_KEY";
  private static final long serialVersionUID = 1L;
  private final byte[] key;
  private transient volatile ThreadLocal<Mac> macs;

  /**
   * Creates a pseudonymizer.
   *
   * @throws IllegalArgumentException when the key is missing or shorter than 32 characters
   */
  public Pseudonymizer(String key) {
    if (key == null || key.length() < 32) {
      throw new IllegalArgumentException("--pseudonymize-users needs a key of at least 32 characters in " + KEY_ENV
          + (key == null ? " (it is not set)" : " (it has " + key.length() + ")"));
    }
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  /** From {@value #KEY_ENV}. */
  public static Pseudonymizer fromEnvironment() {
    return new Pseudonymizer(System.getenv(KEY_ENV));
  }

  /** The pseudonym of {@code userId} (null stays null). */
  public String apply(String userId) {
    if (userId == null) {
      return null;
    }
    byte[] h = mac().doFinal(userId.getBytes(StandardCharsets.UTF_8));
    return "p-" + HexFormat.of().formatHex(h, 0, 16);
  }

  /**
   * A short fingerprint of the key (the pseudonym of a fixed string), recorded in manifests so a
   * server with another key refuses the snapshot instead of finding nobody.
   */
  public String keyCheck() {
    return apply("affinity-pseudonym-key-check").substring(2, 14);
  }

  private Mac mac() {
    if (macs == null) {
      macs = ThreadLocal.withInitial(() -> {
        try {
          Mac m = Mac.getInstance("HmacSHA256");
          m.init(new SecretKeySpec(key, "HmacSHA256"));
          return m;
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("HmacSHA256 is not available", e);
        }
      });
    }
    return macs.get();
  }
}
