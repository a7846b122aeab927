package dev.videoagent.adapters.http;

import dev.videoagent.core.WebhookDestinations;
import dev.videoagent.core.port.WebhookSender;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends webhooks with OkHttp: no redirects followed, no proxy (a proxy would resolve the name
 * itself, past the check), at most {@link #DEFAULT_TIMEOUT} for the whole call, and every address
 * checked against the destination rules after resolution, with the connection made to exactly the
 * checked addresses ({@link CheckedDns}). The JDK's {@code HttpClient} cannot be told which address
 * to connect to, so a check before it would be undone by its own second lookup.
 */
public final class OkHttpWebhookSender implements WebhookSender, AutoCloseable {
  /** The longest one attempt takes, connecting, sending and reading the answer's head. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private static final MediaType JSON = MediaType.get("application/json");

  /** Resolves a host name to its addresses. */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    static Resolver system() {
      return host -> List.of(InetAddress.getAllByName(host));
    }
  }

  private final WebhookDestinations destinations;
  private final OkHttpClient client;

  public OkHttpWebhookSender(WebhookDestinations destinations) {
    this(destinations, Resolver.system(), DEFAULT_TIMEOUT);
  }

  /**
   * @param timeout for the whole call; at most {@link #DEFAULT_TIMEOUT}
   */
  public OkHttpWebhookSender(
      WebhookDestinations destinations, Resolver resolver, Duration timeout) {
    if (timeout.compareTo(DEFAULT_TIMEOUT) > 0 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive and at most 15 s");
    }
    this.destinations = destinations;
    Duration connect =
        timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
    this.client =
        new OkHttpClient.Builder()
            .dns(new CheckedDns(destinations, resolver))
            .proxy(Proxy.NO_PROXY)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .connectTimeout(connect.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .writeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .build();
  }

  @Override
  public Result send(WebhookSender.Request request) {
    URI uri = request.url();
    Optional<String> refusal = destinations.refusal(uri);
    if (refusal.isPresent()) {
      return new Refused("the URL " + refusal.get());
    }
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null) {
      return new Refused("the URL is not an http(s) URL");
    }
    // OkHttp connects to a literal address without asking the Dns: check it here.
    Optional<InetAddress> literal = WebhookDestinations.literal(uri.getHost());
    if (literal.isPresent()) {
      Optional<String> refused = destinations.refusal(literal.get());
      if (refused.isPresent()) {
        return new Refused("the URL " + refused.get());
      }
    }
    okhttp3.Request.Builder http =
        new okhttp3.Request.Builder()
            .url(url)
            .post(RequestBody.create(request.body().getBytes(StandardCharsets.UTF_8), JSON));
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      http.header(header.getKey(), header.getValue());
    }
    try (Response response = client.newCall(http.build()).execute()) {
      return new Answered(
          response.code(), RetryAfter.parse(response.header("Retry-After"), Instant.now()));
    } catch (CheckedDns.RefusedAddress e) {
      return new Refused(e.getMessage());
    } catch (InterruptedIOException e) {
      return new NoAnswer("no answer within " + DEFAULT_TIMEOUT.toSeconds() + " s");
    } catch (UnknownHostException e) {
      return new NoAnswer("the host name did not resolve: " + e.getMessage());
    } catch (IOException e) {
      RefusedAddressCause cause = RefusedAddressCause.in(e);
      if (cause != null) {
        return new Refused(cause.message);
      }
      return new NoAnswer(
          "no answer: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  /** A refusal OkHttp wrapped in another exception. */
  private record RefusedAddressCause(String message) {
    static RefusedAddressCause in(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (t instanceof CheckedDns.RefusedAddress refused) {
          return new RefusedAddressCause(refused.getMessage());
        }
      }
      return null;
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
