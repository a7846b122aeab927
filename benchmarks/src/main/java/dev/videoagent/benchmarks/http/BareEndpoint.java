package dev.videoagent.benchmarks.http;

import dev.videoagent.core.ClientKey;
import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The yardstick for {@code GET /v1/videos/{id}}: Javalin 7 with its defaults, serving fixed job
 * bytes behind the service's bearer check (the header parsed, the key checked as a {@link
 * ClientKey}, hashed and compared in constant time with the one known hash), and nothing else: no
 * database, no metrics, no JSON rendering. What the service costs beyond this is its own.
 *
 * <p>{@code java -cp benchmarks.jar dev.videoagent.benchmarks.http.BareEndpoint PORT KEY JOB_FILE}:
 * prints {@code listening PORT} once it serves (PORT 0 picks a free one).
 */
public final class BareEndpoint {
  private BareEndpoint() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: BareEndpoint PORT KEY JOB_FILE");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    byte[] expected = new ClientKey(args[1]).hash().getBytes(StandardCharsets.US_ASCII);
    byte[] job = Files.readAllBytes(Path.of(args[2]));
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.routes.get(
                  "/v1/videos/{id}",
                  ctx -> {
                    String header = ctx.header("Authorization");
                    String presented =
                        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                            ? header.substring(7).strip()
                            : null;
                    boolean known =
                        ClientKey.parse(presented)
                            .map(
                                key ->
                                    MessageDigest.isEqual(
                                        expected, key.hash().getBytes(StandardCharsets.US_ASCII)))
                            .orElse(false);
                    if (!known) {
                      ctx.status(401).header("WWW-Authenticate", "Bearer");
                      return;
                    }
                    ctx.contentType("application/json").result(job);
                  });
            });
    app.start(port);
    System.out.println("listening " + app.port());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
    Thread.currentThread().join();
  }
}
