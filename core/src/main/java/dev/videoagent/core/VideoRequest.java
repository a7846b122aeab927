package dev.videoagent.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the user asked for. Valid by construction: the compact constructor checks every field and
 * reports all problems at once, each naming its field.
 *
 * <p>Every length limit counts Unicode code points (an emoji is one character, not two UTF-16
 * units), and no field may hold text a database cannot store faithfully: a NUL character
 * (PostgreSQL refuses it in text) or an unpaired UTF-16 surrogate (no UTF-8 encoding exists for
 * one).
 *
 * @param prompt natural-language description of the video, 1–10,000 characters after trimming, not
 *     made only of invisible characters (spaces of any kind, format and control characters)
 * @param avatar {@code "auto"} or a HeyGen avatar id
 * @param voice {@code "auto"} or a HeyGen voice id
 * @param orientation the frame, or {@code null} to let the agent decide
 * @param metadata the caller's own labels, returned untouched (sorted by key)
 * @param callbackUrl where to announce the finished job, or {@code null}
 */
public record VideoRequest(
    String prompt,
    String avatar,
    String voice,
    Orientation orientation,
    Map<String, String> metadata,
    URI callbackUrl) {

  public static final String AUTO = "auto";
  public static final int MAX_PROMPT_CHARS = 10_000;
  public static final int MAX_ID_CHARS = 128;
  public static final int MAX_METADATA_ENTRIES = 50;
  public static final int MAX_METADATA_KEY_CHARS = 40;
  public static final int MAX_METADATA_VALUE_CHARS = 500;
  public static final int MAX_URL_CHARS = 2048;

  public VideoRequest {
    List<FieldError> errors = new ArrayList<>();
    prompt = checkPrompt(prompt, errors);
    avatar = checkId("avatar", avatar, errors);
    voice = checkId("voice", voice, errors);
    metadata = checkMetadata(metadata, errors);
    checkCallback(callbackUrl, errors);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }

  /** A request with only a prompt; everything else is left to the agent. */
  public static VideoRequest of(String prompt) {
    return new VideoRequest(prompt, null, null, null, Map.of(), null);
  }

  /**
   * Builds a request from raw text as it arrives at an edge (JSON, flags, CSV), reporting every bad
   * field together, including an orientation or callback URL that does not parse.
   */
  public static VideoRequest parse(
      String prompt,
      String avatar,
      String voice,
      String orientation,
      Map<String, String> metadata,
      String callbackUrl) {
    List<FieldError> errors = new ArrayList<>();
    Orientation parsedOrientation = null;
    if (orientation != null) {
      parsedOrientation = Orientation.fromWire(orientation).orElse(null);
      if (parsedOrientation == null) {
        errors.add(
            new FieldError("orientation", "orientation must be \"landscape\" or \"portrait\"."));
      }
    }
    URI parsedCallback = null;
    if (callbackUrl != null) {
      try {
        parsedCallback = new URI(callbackUrl);
      } catch (URISyntaxException e) {
        errors.add(new FieldError("callback_url", "callback_url is not a valid URL."));
      }
    }
    try {
      VideoRequest request =
          new VideoRequest(prompt, avatar, voice, parsedOrientation, metadata, parsedCallback);
      if (errors.isEmpty()) {
        return request;
      }
    } catch (ValidationException e) {
      errors.addAll(0, e.errors());
    }
    throw new ValidationException(errors);
  }

  public Optional<Orientation> orientationIfSet() {
    return Optional.ofNullable(orientation);
  }

  public Optional<URI> callbackUrlIfSet() {
    return Optional.ofNullable(callbackUrl);
  }

  private static String checkPrompt(String prompt, List<FieldError> errors) {
    if (prompt == null || isInvisible(prompt)) {
      errors.add(new FieldError("prompt", "prompt is required and must not be empty."));
      return prompt;
    }
    String trimmed = prompt.strip();
    int chars = codePoints(trimmed);
    if (chars > MAX_PROMPT_CHARS) {
      errors.add(
          new FieldError(
              "prompt",
              "prompt must be at most "
                  + MAX_PROMPT_CHARS
                  + " characters (Unicode code points; it has "
                  + chars
                  + ")."));
    }
    unstorable("prompt", trimmed).ifPresent(e -> errors.add(new FieldError("prompt", e)));
    return trimmed;
  }

  /**
   * True when no character of {@code text} shows: only whitespace, space separators (such as
   * U+00A0, U+2007, U+202F), format characters (U+200B, U+FEFF, U+180E, bidi controls) and control
   * characters. {@link String#isBlank()} knows only the first kind.
   */
  private static boolean isInvisible(String text) {
    return text.codePoints()
        .allMatch(
            c ->
                Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.CONTROL);
  }

  private static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }

  /**
   * Why {@code value} cannot be stored as it is, if it cannot: PostgreSQL refuses NUL in text, and
   * an unpaired surrogate has no UTF-8 form, so any database would store something else.
   */
  private static Optional<String> unstorable(String field, String value) {
    if (value.indexOf(0) >= 0) {
      return Optional.of(field + " must not contain NUL characters (U+0000).");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of(
            field
                + " must be valid Unicode text, without unpaired UTF-16 surrogates"
                + String.format(" (found U+%04X).", (int) c));
      }
    }
    return Optional.empty();
  }

  private static String checkId(String field, String value, List<FieldError> errors) {
    if (value == null) {
      return AUTO;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      errors.add(
          new FieldError(field, field + " must not be empty; leave it out to use \"auto\"."));
    } else if (codePoints(trimmed) > MAX_ID_CHARS) {
      errors.add(
          new FieldError(
              field,
              field + " must be at most " + MAX_ID_CHARS + " characters (Unicode code points)."));
    } else if (!trimmed.chars().allMatch(VideoRequest::isIdChar)) {
      errors.add(
          new FieldError(
              field, field + " may contain only letters, digits and the characters - _ . :"));
    }
    return trimmed;
  }

  private static boolean isIdChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == ':';
  }

  private static Map<String, String> checkMetadata(
      Map<String, String> metadata, List<FieldError> errors) {
    if (metadata == null || metadata.isEmpty()) {
      return Map.of();
    }
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      errors.add(
          new FieldError(
              "metadata", "metadata may hold at most " + MAX_METADATA_ENTRIES + " entries."));
    }
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = entry.getKey();
      String value = entry.getValue();
      if (key == null || key.isEmpty() || codePoints(key) > MAX_METADATA_KEY_CHARS) {
        errors.add(
            new FieldError(
                "metadata",
                "metadata keys must be 1 to "
                    + MAX_METADATA_KEY_CHARS
                    + " characters (Unicode code points) long."));
        continue;
      }
      // The key is not repeated in the field name: it is what cannot be shown or stored.
      Optional<String> badKey = unstorable("metadata keys", key);
      if (badKey.isPresent()) {
        errors.add(new FieldError("metadata", badKey.get()));
        continue;
      }
      String field = "metadata." + key;
      if (value == null) {
        errors.add(new FieldError(field, field + " must be a string."));
      } else if (codePoints(value) > MAX_METADATA_VALUE_CHARS) {
        errors.add(
            new FieldError(
                field,
                field
                    + " must be at most "
                    + MAX_METADATA_VALUE_CHARS
                    + " characters (Unicode code points)."));
      } else {
        Optional<String> badValue = unstorable(field, value);
        if (badValue.isPresent()) {
          errors.add(new FieldError(field, badValue.get()));
        } else {
          sorted.put(key, value);
        }
      }
    }
    return Collections.unmodifiableMap(sorted);
  }

  private static void checkCallback(URI callbackUrl, List<FieldError> errors) {
    if (callbackUrl == null) {
      return;
    }
    String scheme = callbackUrl.getScheme();
    boolean web = "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
    if (!web || callbackUrl.getHost() == null) {
      errors.add(new FieldError("callback_url", "callback_url must be an absolute http(s) URL."));
    } else if (codePoints(callbackUrl.toString()) > MAX_URL_CHARS) {
      errors.add(
          new FieldError(
              "callback_url",
              "callback_url must be at most "
                  + MAX_URL_CHARS
                  + " characters (Unicode code points)."));
    } else {
      unstorable("callback_url", callbackUrl.toString())
          .ifPresent(e -> errors.add(new FieldError("callback_url", e)));
    }
  }
}
