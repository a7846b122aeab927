package dev.videoagent.adapters.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.videoagent.adapters.http.PixazoApi.SubmitAnswer;
import dev.videoagent.adapters.http.PixazoApi.SubmitBody;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import feign.Feign;
import feign.FeignException;
import feign.Logger;
import feign.Request;
import feign.RetryableException;
import feign.Retryer;
import feign.http2client.Http2Client;
import feign.jackson.JacksonDecoder;
import feign.jackson.JacksonEncoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * The {@link VideoGateway} over the Pixazo gateway's HTTP API.
 *
 * <p>Money safety lives in the transport settings: Feign never retries ({@link
 * Retryer#NEVER_RETRY}, since its default retryer re-POSTs after I/O errors and a second POST can
 * bill a second video), redirects are never followed (a redirect must not carry the key elsewhere),
 * and every failure is sorted into what it proves: not taken, rejected, or ambiguous.
 */
public final class FeignVideoGateway implements VideoGateway, AutoCloseable {
  static final String WEBHOOK_HEADER = "X-Webhook-URL";

  private final PixazoApi api;
  private final URI baseUrl;
  private final Request.Options submitOptions;
  private final Request.Options statusOptions;
  private final StatusReading statusReading;
  private final Redactor redactor;
  private final StreamWatchdog.Timer watchdogs;

  private FeignVideoGateway(
      PixazoApi api,
      URI baseUrl,
      Request.Options submitOptions,
      Request.Options statusOptions,
      StatusReading statusReading,
      Redactor redactor,
      StreamWatchdog.Timer watchdogs) {
    this.api = api;
    this.baseUrl = baseUrl;
    this.submitOptions = submitOptions;
    this.statusOptions = statusOptions;
    this.statusReading = statusReading;
    this.redactor = redactor;
    this.watchdogs = watchdogs;
  }

  /**
   * A gateway client for {@code config}; it holds a connection pool and a timer thread, so make
   * one, share it, and close it when done.
   */
  public static FeignVideoGateway create(PixazoGatewayConfig config) {
    return create(config, Clock.systemUTC());
  }

  /**
   * As {@link #create(PixazoGatewayConfig)}, reading HTTP-date {@code Retry-After}s on {@code
   * clock}.
   */
  static FeignVideoGateway create(PixazoGatewayConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    warnIfKeyTravelsInClear(config.baseUrl());
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(config.connectTimeout())
            .build();
    // The options must repeat the client's connect time-out and "no redirects": Feign's Java 11
    // client quietly builds a second, redirect-following client when they differ.
    Request.Options submitOptions =
        new Request.Options(config.connectTimeout(), config.submitTimeout(), false);
    Request.Options statusOptions =
        new Request.Options(config.connectTimeout(), config.statusTimeout(), false);
    ObjectMapper mapper =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    Redactor redactor = new Redactor(config.apiKey());
    StreamWatchdog.Timer watchdogs = new StreamWatchdog.Timer();
    ErrorBodies errorBodies = new ErrorBodies(mapper, redactor);
    PixazoApi api =
        Feign.builder()
            .client(new BoundedBodyClient(new Http2Client(http), watchdogs))
            .encoder(new JacksonEncoder(mapper))
            .decoder(new JacksonDecoder(mapper))
            .errorDecoder(new GatewayErrorDecoder(errorBodies, clock))
            .retryer(Retryer.NEVER_RETRY)
            .logger(new Logger.NoOpLogger())
            .logLevel(Logger.Level.NONE)
            .options(statusOptions)
            .requestInterceptor(new SubscriptionKeyInterceptor(config.apiKey()))
            .target(PixazoApi.class, config.baseUrl().toString());
    return new FeignVideoGateway(
        api,
        config.baseUrl(),
        submitOptions,
        statusOptions,
        new StatusReading(errorBodies, redactor),
        redactor,
        watchdogs);
  }

  /**
   * Ends the client's timer thread (it watches answers that stall). The JDK's HTTP client has no
   * close before Java 21: its threads end once this client is garbage.
   */
  @Override
  public void close() {
    watchdogs.close();
  }

  @Override
  public SubmitResult submit(GatewaySubmission submission) {
    Objects.requireNonNull(submission, "submission");
    Map<String, Object> headers =
        submission
            .webhookUrlIfSet()
            .<Map<String, Object>>map(url -> Map.of(WEBHOOK_HEADER, url.toASCIIString()))
            .orElse(Map.of());
    try {
      SubmitAnswer answer = api.submit(SubmitBody.of(submission.request()), headers, submitOptions);
      if (answer == null || answer.requestId() == null || answer.requestId().isBlank()) {
        return new SubmitResult.Ambiguous(
            "The gateway answered the submission without a request_id; it may have taken"
                + " (and billed) the job.");
      }
      return new SubmitResult.Accepted(answer.requestId().strip());
    } catch (GatewayHttpException e) {
      return submitAnswered(e);
    } catch (RetryableException e) {
      return submitFailedInTransit(e);
    } catch (FeignException e) {
      return new SubmitResult.Ambiguous(
          "The gateway's answer to the submission could not be read ("
              + describe(e)
              + "); it may have taken (and billed) the job.");
    }
  }

  @Override
  public StatusResult readStatus(String gatewayRequestId) {
    if (gatewayRequestId == null || gatewayRequestId.isBlank()) {
      throw new IllegalArgumentException("gatewayRequestId must not be blank");
    }
    try {
      return statusReading.interpret(gatewayRequestId, api.status(gatewayRequestId, statusOptions));
    } catch (GatewayHttpException e) {
      return statusAnswered(gatewayRequestId, e);
    } catch (RetryableException e) {
      boolean neverSent = NetworkFailures.neverSent(e);
      return new StatusResult.Unreadable(
          neverSent ? GatewayTrouble.UNREACHABLE : GatewayTrouble.GARBLED,
          (neverSent ? "Could not connect to the gateway at " + baseUrl : "The status read failed")
              + " ("
              + describe(e)
              + ").",
          null);
    } catch (FeignException e) {
      return new StatusResult.Unreadable(
          GatewayTrouble.GARBLED,
          "The gateway's status answer for "
              + gatewayRequestId
              + " could not be read ("
              + describe(e)
              + ").",
          null);
    }
  }

  private SubmitResult submitAnswered(GatewayHttpException e) {
    int status = e.status();
    if (status == 429) {
      return new SubmitResult.NotTaken(
          GatewayTrouble.RATE_LIMITED,
          "The gateway is rate limiting this account (" + e.getMessage() + ").",
          e.retryAfter());
    }
    if (status == 503) {
      return new SubmitResult.NotTaken(
          GatewayTrouble.UNAVAILABLE,
          "The gateway is unavailable (" + e.getMessage() + ").",
          e.retryAfter());
    }
    if (status == 402) {
      // Pixazo's clients: "402 means the account is out of credits; nothing was taken".
      return new SubmitResult.NotTaken(
          GatewayTrouble.OUT_OF_CREDIT,
          e.gatewayMessage().orElse("The gateway account is out of credits (HTTP 402)."),
          e.retryAfter());
    }
    if (status >= 400 && status < 500) {
      return new SubmitResult.Rejected(
          status,
          e.gatewayMessage().orElse("The gateway refused the request (HTTP " + status + ")."));
    }
    if (status >= 300 && status < 400) {
      return new SubmitResult.Ambiguous(
          "The gateway answered the submission with a redirect ("
              + e.getMessage()
              + "), which is not followed; it may have taken (and billed) the job.");
    }
    return new SubmitResult.Ambiguous(
        "The gateway failed while taking the submission ("
            + e.getMessage()
            + "); it may have taken (and billed) the job.");
  }

  private SubmitResult submitFailedInTransit(RetryableException e) {
    if (NetworkFailures.neverSent(e)) {
      return new SubmitResult.NotTaken(
          GatewayTrouble.UNREACHABLE,
          "Could not connect to the gateway at " + baseUrl + " (" + describe(e) + ").",
          null);
    }
    if (NetworkFailures.timedOut(e)) {
      return new SubmitResult.Ambiguous(
          "The gateway did not answer the submission within "
              + humane(Duration.ofMillis(submitOptions.readTimeoutMillis()))
              + " after it was sent; it may have taken (and billed) the job.");
    }
    return new SubmitResult.Ambiguous(
        "The connection to the gateway failed after the submission was sent ("
            + describe(e)
            + "); it may have taken (and billed) the job.");
  }

  private static StatusResult statusAnswered(String requestId, GatewayHttpException e) {
    int status = e.status();
    if (status == 429) {
      return new StatusResult.Unreadable(
          GatewayTrouble.RATE_LIMITED,
          "The gateway is rate limiting this account (" + e.getMessage() + ").",
          e.retryAfter());
    }
    if (status == 503) {
      return new StatusResult.Unreadable(
          GatewayTrouble.UNAVAILABLE,
          "The gateway is unavailable (" + e.getMessage() + ").",
          e.retryAfter());
    }
    if (status == 404) {
      return new StatusResult.Unreadable(
          GatewayTrouble.GARBLED,
          "The gateway does not know the request " + requestId + " (" + e.getMessage() + ").",
          null);
    }
    return new StatusResult.Unreadable(
        GatewayTrouble.GARBLED,
        "The gateway's status read for " + requestId + " failed (" + e.getMessage() + ").",
        e.retryAfter());
  }

  /**
   * A transport or decoding failure in words, without the key: a decoder's message quotes part of
   * the answer it could not read, and the answer may echo the key.
   */
  private String describe(Throwable failure) {
    return redactor.redactAndCut(NetworkFailures.describe(failure), ErrorBodies.MAX_MESSAGE_CHARS);
  }

  private static String humane(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static void warnIfKeyTravelsInClear(URI baseUrl) {
    if (!"http".equalsIgnoreCase(baseUrl.getScheme())) {
      return;
    }
    // Judged by name only: a DNS lookup here could stall start-up.
    String host = baseUrl.getHost().toLowerCase(Locale.ROOT);
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    if (!loopback) {
      LoggerFactory.getLogger(FeignVideoGateway.class)
          .warn(
              "PIXAZO_BASE_URL {} is plain http: the subscription key would travel unencrypted.",
              baseUrl);
    }
  }

  /** Names the gateway, never the key. */
  @Override
  public String toString() {
    return "FeignVideoGateway[baseUrl=" + baseUrl + "]";
  }
}
