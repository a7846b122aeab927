package dev.videoagent.adapters.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that answers every connection with the same raw bytes and then holds the
 * connection open for a while: for answers no well-behaved server gives (a body shorter than its
 * Content-Length, a body that stalls after the headers).
 */
public final class RawHttpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final byte[] answer;
  private final Duration holdOpen;
  private final AtomicInteger requests = new AtomicInteger();

  private RawHttpServer(byte[] answer, Duration holdOpen) throws IOException {
    this.socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    this.answer = answer;
    this.holdOpen = holdOpen;
    Thread acceptor = new Thread(this::acceptAll, "raw-http-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Sends {@code head} (status line and headers, CRLF-separated) and {@code body}, then waits. */
  public static RawHttpServer answering(String head, byte[] body, Duration holdOpen) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes((head + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    bytes.writeBytes(body);
    try {
      return new RawHttpServer(bytes.toByteArray(), holdOpen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void acceptAll() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        Thread worker = new Thread(() -> serve(connection), "raw-http-connection");
        worker.setDaemon(true);
        worker.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = connection.getInputStream();
      skipRequest(in);
      requests.incrementAndGet();
      OutputStream out = connection.getOutputStream();
      out.write(answer);
      out.flush();
      Thread.sleep(holdOpen.toMillis());
    } catch (IOException | InterruptedException ignored) {
      // The client went away; nothing to do.
    }
  }

  /** Reads the request head and a Content-Length body, so the client is not reset mid-send. */
  private static void skipRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        in.readNBytes(Integer.parseInt(line.substring("content-length:".length()).strip()));
      }
    }
  }
}
