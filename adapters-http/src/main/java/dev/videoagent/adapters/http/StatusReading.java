package dev.videoagent.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.PixazoApi.StatusAnswer;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalises a 2xx status answer: the gateway's status words (in any letter case, {@code CANCELLED}
 * spelt either way) and the several places and shapes a media link has been seen in stay here. An
 * answer that names another request than the one asked about is not believed: unreadable, read
 * again later.
 */
final class StatusReading {
  private static final Logger log = LoggerFactory.getLogger(StatusReading.class);

  /** The most of an unknown status word that goes into the log. */
  static final int MAX_LOGGED_WORD_CHARS = 64;

  private final ErrorBodies errorBodies;
  private final Redactor redactor;
  // Per instance, so a long-running service warns once per new word, not once per poll.
  private final Set<String> reportedWords = ConcurrentHashMap.newKeySet();

  StatusReading(ErrorBodies errorBodies, Redactor redactor) {
    this.errorBodies = errorBodies;
    this.redactor = redactor;
  }

  StatusResult interpret(String requestId, StatusAnswer answer) {
    if (answer == null || answer.status() == null || answer.status().isBlank()) {
      return new StatusResult.Unreadable(
          GatewayTrouble.GARBLED,
          "The gateway's status answer for " + requestId + " had no status.",
          null);
    }
    if (answer.requestId() != null
        && !answer.requestId().isBlank()
        && !answer.requestId().strip().equals(requestId)) {
      return new StatusResult.Unreadable(
          GatewayTrouble.GARBLED,
          "The gateway's status answer for "
              + requestId
              + " named another request ("
              + redactor.redactAndCut(answer.requestId().strip(), MAX_LOGGED_WORD_CHARS)
              + "); it was not believed.",
          null);
    }
    String word = answer.status().strip().toUpperCase(Locale.ROOT);
    return switch (word) {
      case "QUEUED" -> new StatusResult.Running(JobStatus.QUEUED);
      case "PROCESSING" -> new StatusResult.Running(JobStatus.PROCESSING);
      case "COMPLETED" -> completed(requestId, answer);
      case "FAILED", "ERROR" ->
          new StatusResult.Failed(errorBodies.describe(answer.error()).orElse(null));
      case "CANCELLED", "CANCELED" ->
          new StatusResult.Canceled(errorBodies.describe(answer.error()).orElse(null));
      default -> stillRunning(requestId, answer.status().strip());
    };
  }

  private static StatusResult completed(String requestId, StatusAnswer answer) {
    return mediaUrl(answer)
        .<StatusResult>map(StatusResult.Completed::new)
        .orElseGet(
            () ->
                new StatusResult.Unreadable(
                    GatewayTrouble.GARBLED,
                    "The gateway reported "
                        + requestId
                        + " as COMPLETED but gave no usable http(s) media URL.",
                    null));
  }

  private StatusResult stillRunning(String requestId, String word) {
    String shown = redactor.redactAndCut(word, MAX_LOGGED_WORD_CHARS).toUpperCase(Locale.ROOT);
    if (reportedWords.add(shown)) {
      log.warn(
          "The gateway reported the unknown status {} for {}; treating it as processing.",
          shown,
          requestId);
    }
    return new StatusResult.Running(JobStatus.PROCESSING);
  }

  /**
   * {@code output.media_url[0]}, then {@code output.url}, {@code output_url}, {@code video_url}.
   */
  private static Optional<URI> mediaUrl(StatusAnswer answer) {
    JsonNode output = answer.output();
    JsonNode mediaUrl = output == null ? null : output.get("media_url");
    JsonNode outputUrl = output == null ? null : output.get("url");
    return Stream.of(mediaUrl, outputUrl, answer.outputUrl(), answer.videoUrl())
        .map(StatusReading::firstText)
        .flatMap(Optional::stream)
        .map(StatusReading::webUrl)
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static Optional<String> firstText(JsonNode node) {
    if (node == null) {
      return Optional.empty();
    }
    if (node.isArray()) {
      return node.isEmpty() ? Optional.empty() : firstText(node.get(0));
    }
    if (node.isObject()) {
      return firstText(node.get("url"));
    }
    return node.isTextual() ? Optional.of(node.asText().strip()) : Optional.empty();
  }

  private static Optional<URI> webUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean web = scheme.equals("https") || scheme.equals("http");
      return web && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }
}
