package io.affinity.store.publish;

import io.affinity.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/** SHA-256 and CRC32C of files, streamed in 1 MiB blocks. */
public final class Checksums {
  private Checksums() {}

  /**
   * Both digests of one file, from one read.
   *
   * @param sha256 lower-case hex SHA-256
   * @param crc32c lower-case hex CRC32C, 8 digits
   */
  public record Digests(String sha256, String crc32c) {}

  /** Returns the lower-case hex SHA-256 of {@code file}. */
  public static String sha256(Path file) {
    return digest(file, true, false).sha256();
  }

  /** Returns the lower-case hex CRC32C of {@code file} (8 digits). */
  public static String crc32c(Path file) {
    return digest(file, false, true).crc32c();
  }

  /** Returns both digests of {@code file}, reading it once. */
  public static Digests both(Path file) {
    return digest(file, true, true);
  }

  private static Digests digest(Path file, boolean sha, boolean crc) {
    MessageDigest md = null;
    if (sha) {
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every JDK", e);
      }
    }
    CRC32C c = new CRC32C();
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (md != null) {
          md.update(buf, 0, n);
        }
        if (crc) {
          c.update(buf, 0, n);
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + " to hash it: " + e.getMessage(), e);
    }
    return new Digests(md == null ? null : HexFormat.of().formatHex(md.digest()),
        crc ? String.format("%08x", c.getValue()) : null);
  }
}
