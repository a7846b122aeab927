package dev.videoagent.adapters.http.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.videoagent.adapters.http.sandbox.SandboxStats.SubmitOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's routes as the sandbox answers them: submit, status and the media links it hands
 * out. Checks run in the gateway's order: a down gateway answers nothing else, then the key, then
 * the rate limiter and availability, and only then is the body looked at.
 */
final class SandboxRouter implements HttpHandler {
  static final String SUBMIT_PATH = "/heygen-video-agent/v1/heygen-video-agent-request";
  static final String STATUS_PREFIX = "/v2/requests/status/";
  static final String MEDIA_PREFIX = "/media/";
  static final String KEY_HEADER = "Ocp-Apim-Subscription-Key";
  static final String WEBHOOK_HEADER = "X-Webhook-URL";

  static final String MISSING_KEY =
      "Access denied due to missing subscription key. Make sure to include subscription key when"
          + " making requests to an API.";
  static final String INVALID_KEY =
      "Access denied due to invalid subscription key. Make sure to provide a valid key for an"
          + " active subscription.";

  static final String OUT_OF_CREDIT =
      "Insufficient credits: your account is out of credits. Top up to continue generating.";

  private static final Logger log = LoggerFactory.getLogger(SandboxRouter.class);

  private final SandboxConfig config;
  private final URI baseUrl;
  private final FaultDice dice;
  private final SandboxStats stats;
  private final WebhookSender webhooks;
  private final byte[] clip;
  private final ObjectMapper mapper;
  private final Answers answers;
  private final SubmitParser parser;
  private final Clock clock;
  private final Map<String, SandboxJob> jobs = new ConcurrentHashMap<>();
  private final Random ids = new SecureRandom();

  SandboxRouter(
      SandboxConfig config,
      URI baseUrl,
      FaultDice dice,
      SandboxStats stats,
      WebhookSender webhooks,
      byte[] clip,
      ObjectMapper mapper,
      Clock clock) {
    this.config = config;
    this.baseUrl = baseUrl;
    this.dice = dice;
    this.stats = stats;
    this.webhooks = webhooks;
    this.clip = clip;
    this.mapper = mapper;
    this.answers = new Answers(mapper);
    this.parser = new SubmitParser(mapper);
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (method.equals("POST") && path.equals(SUBMIT_PATH)) {
        submit(exchange);
      } else if (method.equals("GET") && path.startsWith(STATUS_PREFIX)) {
        status(exchange, path.substring(STATUS_PREFIX.length()));
      } else if (method.equals("GET") && path.startsWith(MEDIA_PREFIX) && path.endsWith(".mp4")) {
        media(exchange, path.substring(MEDIA_PREFIX.length(), path.length() - ".mp4".length()));
      } else {
        exchange.getRequestBody().readAllBytes();
        answers.apimError(exchange, 404, "Resource not found");
      }
    } catch (InterruptedException e) {
      // The sandbox is closing while a slow answer waits.
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error(
          "The sandbox failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      throw e;
    }
  }

  private void submit(HttpExchange exchange) throws IOException, InterruptedException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(SubmitParser.MAX_BODY_BYTES + 1);
    }
    SandboxFaults faults = dice.faults();
    if (faults.down()) {
      stats.submitCall(SubmitOutcome.DOWN, null);
      answers.apimError(exchange, 503, "The service is unavailable. Try again later.");
      return;
    }
    Optional<String> keyProblem = keyProblem(exchange);
    if (keyProblem.isPresent()) {
      stats.submitCall(SubmitOutcome.UNAUTHORIZED, null);
      answers.apimError(exchange, 401, keyProblem.get());
      return;
    }
    if (faults.outOfCredit()) {
      stats.submitCall(SubmitOutcome.OUT_OF_CREDIT, null);
      answers.apimError(exchange, 402, OUT_OF_CREDIT);
      return;
    }
    boolean slow = dice.slow();
    FaultDice.SubmitFault fault = dice.submitFault();
    if (fault == FaultDice.SubmitFault.RATE_LIMITED) {
      stats.submitCall(SubmitOutcome.RATE_LIMITED, null);
      holdIfSlow(slow, faults);
      int seconds = faults.retryAfterSeconds();
      exchange.getResponseHeaders().set("Retry-After", Integer.toString(seconds));
      answers.apimError(
          exchange, 429, "Rate limit is exceeded. Try again in " + seconds + " seconds.");
      return;
    }
    if (fault == FaultDice.SubmitFault.UNAVAILABLE) {
      stats.submitCall(SubmitOutcome.UNAVAILABLE, null);
      holdIfSlow(slow, faults);
      answers.apimError(exchange, 503, "The service is unavailable. Try again later.");
      return;
    }
    SubmitParser.SubmitRequest request;
    try {
      request = parser.parse(body, exchange.getRequestHeaders().getFirst(WEBHOOK_HEADER));
    } catch (SubmitParser.InvalidSubmit invalid) {
      stats.submitCall(SubmitOutcome.INVALID, null);
      answers.apimError(exchange, invalid.status(), invalid.getMessage());
      return;
    }
    boolean ambiguous = fault == FaultDice.SubmitFault.AMBIGUOUS;
    SandboxJob job = take(request, !(ambiguous && faults.ambiguousWithoutCallback()));
    if (ambiguous) {
      // Taken and billed, yet answered as if it broke: exactly what makes a 500 ambiguous.
      stats.submitCall(SubmitOutcome.ACCEPTED_BUT_ANSWERED_500, request.prompt());
      holdIfSlow(slow, faults);
      answers.apimError(exchange, 500, "Internal server error");
      return;
    }
    stats.submitCall(SubmitOutcome.ACCEPTED, request.prompt());
    // A slow answer is held after the job was taken, so a client that gives up has still paid.
    holdIfSlow(slow, faults);
    ObjectNode answer = mapper.createObjectNode();
    answer.put("request_id", job.id());
    answer.put("status", "QUEUED");
    answer.put("polling_url", pollingUrl(job));
    answers.json(exchange, 200, answer);
  }

  private SandboxJob take(SubmitParser.SubmitRequest request, boolean callsBack) {
    boolean failing = request.prompt().contains(config.failMarker());
    Instant now = clock.instant();
    String id = SandboxJob.newId(now, failing, ids);
    SandboxJob job = new SandboxJob(id, failing, now, callsBack ? request.webhook() : null);
    jobs.put(id, job);
    stats.jobTaken(config.completionDelay());
    job.webhookUrl()
        .ifPresent(
            url ->
                webhooks.sendAfter(
                    config.completionDelay(), job.id(), url, () -> statusBytes(job)));
    return job;
  }

  /** A job this sandbox took, or one an earlier sandbox took (its id says when and how). */
  private SandboxJob known(String requestId) {
    SandboxJob job = jobs.get(requestId);
    if (job != null) {
      return job;
    }
    return SandboxJob.fromId(requestId, clock.instant())
        .map(recovered -> jobs.computeIfAbsent(requestId, id -> recovered))
        .orElse(null);
  }

  private void status(HttpExchange exchange, String requestId)
      throws IOException, InterruptedException {
    exchange.getRequestBody().readAllBytes();
    stats.statusRead(requestId);
    SandboxFaults faults = dice.faults();
    if (faults.down()) {
      answers.apimError(exchange, 503, "The service is unavailable. Try again later.");
      return;
    }
    Optional<String> keyProblem = keyProblem(exchange);
    if (keyProblem.isPresent()) {
      answers.apimError(exchange, 401, keyProblem.get());
      return;
    }
    boolean slow = dice.slow();
    boolean fails = dice.statusReadFails();
    holdIfSlow(slow, faults);
    if (fails) {
      if (dice.coinFlip()) {
        answers.text(
            exchange,
            500,
            "text/html; charset=utf-8",
            "<html><head><title>500 Internal Server Error</title></head>"
                + "<body><h1>Internal Server Error</h1></body></html>");
      } else {
        answers.text(
            exchange,
            200,
            "application/json",
            "{\"request_id\":\"" + requestId + "\",\"status\":\"PROC");
      }
      return;
    }
    SandboxJob job = known(requestId);
    if (job == null) {
      answers.apimError(exchange, 404, "Request not found.");
      return;
    }
    answers.json(exchange, 200, statusDocument(job));
  }

  private void media(HttpExchange exchange, String requestId) throws IOException {
    exchange.getRequestBody().readAllBytes();
    SandboxFaults faults = dice.faults();
    if (faults.down()) {
      answers.apimError(exchange, 503, "The service is unavailable. Try again later.");
      return;
    }
    SandboxJob job = known(requestId);
    if (job == null || job.phase(config.completionDelay()) != SandboxJob.Phase.COMPLETED) {
      answers.text(exchange, 404, "text/plain", "Not found");
      return;
    }
    int fetch = job.countMediaFetch();
    if (fetch <= faults.mediaExpiredFirstFetches()) {
      stats.mediaRefused();
      answers.text(exchange, 404, "text/plain", "This link has expired.");
      return;
    }
    if (faults.mediaLinkMaxAge() != null && linkTooOld(exchange.getRequestURI(), faults)) {
      stats.mediaRefused();
      answers.text(exchange, 403, "text/plain", "Request has expired.");
      return;
    }
    // Counted before the answer goes: a client that has read the last byte may look at the
    // counters at once, before this thread would get past the write.
    stats.mediaDownloaded();
    answers.bytes(exchange, 200, "video/mp4", clip);
  }

  /** The final status a webhook carries (or the current one, if the clock ran a little early). */
  private byte[] statusBytes(SandboxJob job) {
    try {
      return mapper.writeValueAsBytes(statusDocument(job));
    } catch (IOException e) {
      throw new IllegalStateException("a status document always serialises", e);
    }
  }

  private ObjectNode statusDocument(SandboxJob job) {
    SandboxJob.Phase phase = job.phase(config.completionDelay());
    ObjectNode document = mapper.createObjectNode();
    document.put("request_id", job.id());
    document.put("status", phase.name());
    document.put("polling_url", pollingUrl(job));
    document.put("created_at", job.createdAt().toString());
    if (phase == SandboxJob.Phase.COMPLETED) {
      document.putObject("output").putArray("media_url").add(mediaLink(job));
    } else if (phase == SandboxJob.Phase.FAILED) {
      document.put(
          "error",
          "The video agent could not make this video: the prompt contains "
              + config.failMarker()
              + ".");
    }
    return document;
  }

  private String pollingUrl(SandboxJob job) {
    return baseUrl + STATUS_PREFIX + job.id();
  }

  private String mediaLink(SandboxJob job) {
    String link = baseUrl + MEDIA_PREFIX + job.id() + ".mp4";
    // Expiring links say when they were issued, like a signed URL; each status read issues anew.
    return dice.faults().mediaLinkMaxAge() == null ? link : link + "?issued=" + clock.millis();
  }

  private boolean linkTooOld(URI link, SandboxFaults faults) {
    String query = link.getRawQuery() == null ? "" : link.getRawQuery();
    for (String pair : query.split("&")) {
      if (pair.startsWith("issued=")) {
        try {
          long issued = Long.parseLong(pair.substring("issued=".length()));
          return clock.millis() - issued > faults.mediaLinkMaxAge().toMillis();
        } catch (NumberFormatException e) {
          return true;
        }
      }
    }
    // Handed out before links began to expire: it never does.
    return false;
  }

  private Optional<String> keyProblem(HttpExchange exchange) {
    String key = exchange.getRequestHeaders().getFirst(KEY_HEADER);
    if (key == null || key.isEmpty()) {
      return Optional.of(MISSING_KEY);
    }
    boolean same =
        MessageDigest.isEqual(
            key.getBytes(StandardCharsets.UTF_8), config.apiKey().getBytes(StandardCharsets.UTF_8));
    return same ? Optional.empty() : Optional.of(INVALID_KEY);
  }

  private static void holdIfSlow(boolean slow, SandboxFaults faults) throws InterruptedException {
    if (slow && !faults.slowDelay().isZero()) {
      Thread.sleep(faults.slowDelay().toMillis());
    }
  }
}
