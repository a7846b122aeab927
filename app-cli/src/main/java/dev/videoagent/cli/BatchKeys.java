package dev.videoagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.core.VideoRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The idempotency key that makes a batch resumable: {@code batch:} + SHA-256 of the batch's name
 * (the file name without its folder and extension), the line's request (prompt, avatar, voice,
 * orientation, metadata) and which occurrence of that same request in the file it is.
 *
 * <p>So running the same file again finds each line's job instead of making a new one, even when
 * the file was moved to another folder, converted between CSV and JSON Lines, or had other lines
 * added, removed or fixed. Renaming the file starts a new batch; changing a line's request makes
 * that line a new job; changing only its {@code output} does not.
 */
final class BatchKeys {
  private final ObjectMapper mapper;

  BatchKeys(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The batch's name: {@code promos} for {@code /any/folder/promos.csv}. */
  static String batchName(java.nio.file.Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The keys of the batch {@code batchName}, to be taken in the order of its lines. */
  Counter counter(String batchName) {
    return new Counter(batchName);
  }

  /**
   * Hands out one key per good line, in file order, counting each request's occurrences as it goes.
   * It remembers a hash per distinct request, not the request, so its memory does not grow with the
   * prompts' length.
   */
  final class Counter {
    private final String batchName;
    private final Map<String, Integer> seen = new HashMap<>();

    private Counter(String batchName) {
      this.batchName = batchName;
    }

    String next(VideoRequest request) {
      String canonical = canonical(request);
      int occurrence = seen.merge(sha256(canonical), 1, Integer::sum);
      return "batch:" + sha256(batchName + "\n" + canonical + "\n" + occurrence);
    }
  }

  private String canonical(VideoRequest request) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("prompt", request.prompt());
    fields.put("avatar", request.avatar());
    fields.put("voice", request.voice());
    fields.put("orientation", request.orientationIfSet().map(o -> o.wireName()).orElse(null));
    fields.put("metadata", new TreeMap<>(request.metadata()));
    try {
      return mapper.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a request always serialises", e);
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
