package dev.videoagent.adapters.http;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Reads each gateway answer completely, within the call's time-out and up to 1 MiB, before Feign
 * decodes it. A body that stalls after the headers then fails like a read time-out (and on a submit
 * counts as ambiguous) instead of hanging the caller.
 */
final class BoundedBodyClient implements Client {
  static final int MAX_ANSWER_BYTES = 1024 * 1024;

  private final Client delegate;
  private final StreamWatchdog.Timer watchdogs;

  BoundedBodyClient(Client delegate, StreamWatchdog.Timer watchdogs) {
    this.delegate = delegate;
    this.watchdogs = watchdogs;
  }

  @Override
  public Response execute(Request request, Request.Options options) throws IOException {
    Response response = delegate.execute(request, options);
    if (response.body() == null) {
      return response;
    }
    Duration deadline = Duration.ofMillis(options.readTimeoutMillis());
    byte[] body;
    try (InputStream in = response.body().asInputStream();
        StreamWatchdog watchdog = watchdogs.watch(in, deadline)) {
      try {
        body = in.readNBytes(MAX_ANSWER_BYTES + 1);
      } catch (IOException e) {
        if (watchdog.fired()) {
          throw new HttpTimeoutException("the answer's body did not arrive within " + deadline);
        }
        throw e;
      }
    }
    if (body.length > MAX_ANSWER_BYTES) {
      throw new IOException("the answer is larger than " + MAX_ANSWER_BYTES + " bytes");
    }
    return response.toBuilder().body(body).build();
  }
}
