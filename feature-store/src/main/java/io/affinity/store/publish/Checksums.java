package io.affinity.store.publish;

import io.affinity.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, streamed in 64 KiB blocks. */
public final class Checksums {
  private Checksums() {}

  /** Returns the lower-case hex SHA-256 of {@code file}. */
  public static String sha256(Path file) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + " to hash it: " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
