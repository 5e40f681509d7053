package io.affinity.jobs.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads text files line by line, accepting LF, CRLF and CR line ends. Older MovieLens files are
 * Latin-1 and newer ones UTF-8, so {@link #detectCharset} checks whether the bytes are valid UTF-8
 * and falls back to ISO-8859-1 when they are not.
 */
final class TextFiles {
  private TextFiles() {}

  /** Receives one line (without its line end) and its 1-based number. */
  @FunctionalInterface
  interface LineHandler {
    void line(long number, String text);
  }

  /** UTF-8 when the whole file decodes strictly as UTF-8, ISO-8859-1 otherwise. */
  static Charset detectCharset(Path file) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      byte[] carry = new byte[0];
      int n;
      while ((n = in.read(buf)) > 0) {
        byte[] chunk = new byte[carry.length + n];
        System.arraycopy(carry, 0, chunk, 0, carry.length);
        System.arraycopy(buf, 0, chunk, carry.length, n);
        int cut = completeUtf8Prefix(chunk);
        dec.reset().decode(ByteBuffer.wrap(chunk, 0, cut));
        carry = java.util.Arrays.copyOfRange(chunk, cut, chunk.length);
      }
      if (carry.length > 0) {
        return StandardCharsets.ISO_8859_1;
      }
      return StandardCharsets.UTF_8;
    } catch (CharacterCodingException e) {
      return StandardCharsets.ISO_8859_1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Length of the prefix that does not end inside a multi-byte UTF-8 sequence. */
  private static int completeUtf8Prefix(byte[] b) {
    int end = b.length;
    for (int back = 1; back <= 3 && end - back >= 0; back++) {
      int c = b[end - back] & 0xff;
      if ((c & 0xC0) == 0x80) {
        continue; // continuation byte: keep looking for the lead byte
      }
      int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      return need > back ? end - back : end;
    }
    return end;
  }

  /** Calls {@code handler} for every line of {@code file} decoded with {@code charset}. */
  static long forEachLine(Path file, Charset charset, LineHandler handler) {
    long number = 0;
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(Files.newInputStream(file), charset), 1 << 16)) {
      String line;
      while ((line = r.readLine()) != null) {
        handler.line(++number, line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " at line " + number, e);
    }
    return number;
  }
}
