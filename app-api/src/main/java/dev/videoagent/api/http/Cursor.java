package dev.videoagent.api.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The list's page cursor: opaque to clients (base64url of a versioned position), so the paging
 * scheme can change without breaking them. Today the position is the last job id of the page.
 */
public final class Cursor {
  private static final String VERSION = "v1:";
  private static final int MAX_CHARS = 256;

  private Cursor() {}

  public static String encode(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((VERSION + lastId).getBytes(StandardCharsets.UTF_8));
  }

  /** The id to continue after; empty when {@code cursor} is not one this service handed out. */
  public static Optional<String> decode(String cursor) {
    if (cursor == null || cursor.length() > MAX_CHARS) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    if (!text.startsWith(VERSION)) {
      return Optional.empty();
    }
    String id = text.substring(VERSION.length());
    return JobIds.isWellFormed(id) ? Optional.of(id) : Optional.empty();
  }
}
