package dev.videoagent.cli;

import dev.videoagent.assembly.config.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * Tells "the gateway is busy" from "the gateway cannot be reached" when a job could not be
 * submitted or read: the job only records that the call did not work. A plain TCP connection to the
 * gateway's host answers the question without sending anything, so it can never bill.
 */
final class GatewayProbe {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private final URI baseUrl;
  private final boolean inProcess;

  GatewayProbe(Settings settings) {
    this.baseUrl = settings.baseUrl();
    // The sandbox runs inside this process: it is always there.
    this.inProcess = settings.sandbox();
  }

  boolean reachable() {
    if (inProcess) {
      return true;
    }
    int port = baseUrl.getPort();
    if (port < 0) {
      port = "http".equalsIgnoreCase(baseUrl.getScheme()) ? 80 : 443;
    }
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(baseUrl.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  URI baseUrl() {
    return baseUrl;
  }
}
