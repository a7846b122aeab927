package dev.videoagent.api.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The web console: plain HTML, CSS and ES modules from the jar, served at {@code /}. It talks to
 * the same {@code /v1} routes as any client, so it needs nothing of its own on the server but these
 * files and the headers that keep them from running anything else.
 */
public final class ConsoleAssets {
  /** Where in the jar the console's files are. */
  static final String DIRECTORY = "/dev/videoagent/api/console";

  /**
   * Only the console's own files may run or style the page (no inline script or style), it may talk
   * only to this service, play media from it, and be framed by nobody.
   */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none';"
          + " base-uri 'none'; form-action 'self'; object-src 'none'";

  /** The headers of every console file. */
  public static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy", CONTENT_SECURITY_POLICY,
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer",
          "X-Frame-Options", "DENY",
          // Small files: always revalidated, so a new version of the service shows its own console.
          "Cache-Control", "no-cache");

  public void configure(JavalinConfig cfg) {
    cfg.staticFiles.add(
        files -> {
          files.hostedPath = "/";
          files.directory = DIRECTORY;
          files.location = Location.CLASSPATH;
          files.headers = HEADERS;
        });
  }
}
