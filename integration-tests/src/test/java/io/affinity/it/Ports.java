package io.affinity.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Free ports and waiting for a child process to listen on one.
 *
 * <p>A port from {@code new ServerSocket(0)} lies in the kernel's ephemeral range, so a client
 * polling it before the server binds can be given that same port as its own local port and
 * <em>connect to itself</em> (TCP simultaneous open): the poll then "succeeds" while the socket
 * holds the port, and the server's bind fails. {@link #awaitListening} treats such a connection as
 * not listening (this once made s3proxy exit on "address in use" in CI while the test went on).
 */
final class Ports {
  private Ports() {}

  /** A port that was free a moment ago. */
  static int free() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Waits until something other than ourselves accepts connections on {@code host:port}.
   *
   * @param alive whether the server process still runs (a dead one fails the wait at once)
   * @return true when listening, false when the process died or the timeout passed
   */
  static boolean awaitListening(String host, int port, BooleanSupplier alive, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (alive.getAsBoolean() && Instant.now().isBefore(deadline)) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 1000);
        if (s.getLocalPort() != port) {
          return true;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(200);
    }
    return false;
  }
}
