package dev.videoagent.api.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads request bodies under a size cap: a declared {@code Content-Length} over the cap is refused
 * before a byte is read, and an undeclared (chunked) body is cut off as soon as it passes the cap,
 * so no request can make the service buffer more than the cap.
 */
public final class RequestBodies {
  /** The largest body any route accepts: 1 MiB. */
  public static final int MAX_BYTES = 1024 * 1024;

  private RequestBodies() {}

  /**
   * The body's bytes.
   *
   * @throws ApiProblem 413 when the body is larger than {@code maxBytes}
   */
  public static byte[] read(Context ctx, int maxBytes) {
    refuseDeclaredOversize(ctx, maxBytes);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    copyCapped(ctx, maxBytes, out);
    return out.toByteArray();
  }

  /** Reads and discards the body, under the same cap, so the connection can be reused. */
  public static void discard(Context ctx, int maxBytes) {
    refuseDeclaredOversize(ctx, maxBytes);
    copyCapped(ctx, maxBytes, null);
  }

  /**
   * Refuses a body that is not JSON. A missing {@code Content-Type} is taken as JSON; {@code
   * application/json} and any {@code +json} type are accepted.
   *
   * @throws ApiProblem 415 otherwise
   */
  public static void requireJson(Context ctx) {
    String raw = ctx.header("Content-Type");
    if (raw == null || raw.isBlank()) {
      return;
    }
    String type = raw.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/json") || type.endsWith("+json")) {
      return;
    }
    throw ApiProblem.of(
        ProblemType.UNSUPPORTED_MEDIA_TYPE,
        "The body was sent as "
            + type
            + "; send it as JSON with the header Content-Type: application/json.");
  }

  static String tooLargeDetail() {
    return "The request body is larger than " + MAX_BYTES + " bytes (1 MiB), the most accepted.";
  }

  private static void refuseDeclaredOversize(Context ctx, int maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
  }

  private static void copyCapped(Context ctx, int maxBytes, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    long total = 0;
    try (InputStream in = ctx.req().getInputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge(maxBytes);
        }
        if (out != null) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // The client went away or sent a broken chunked body: its fault, not ours.
      throw new ApiProblem(
          Problem.invalid("body", "The request body could not be read completely."));
    }
  }

  private static ApiProblem tooLarge(int maxBytes) {
    String detail =
        maxBytes == MAX_BYTES
            ? tooLargeDetail()
            : "The request body is larger than " + maxBytes + " bytes, the most accepted here.";
    return ApiProblem.of(ProblemType.PAYLOAD_TOO_LARGE, detail);
  }
}
