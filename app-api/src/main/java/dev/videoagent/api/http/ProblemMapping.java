package dev.videoagent.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.port.DailyLimitReachedException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become answers: every error leaves as an RFC 9457 problem
 * document. Expected failures carry their problem ({@link ApiProblem}, {@link
 * ValidationException}); anything else is a bug or an outage, logged here with its stack trace and
 * answered without internals.
 */
public final class ProblemMapping {
  private static final Logger log = LoggerFactory.getLogger(ProblemMapping.class);

  private final ObjectMapper mapper;

  private final Clock clock;

  public ProblemMapping(ObjectMapper mapper) {
    this(mapper, Clock.systemUTC());
  }

  /** Mapping with {@code clock} for the seconds of a {@code Retry-After}. */
  public ProblemMapping(ObjectMapper mapper, Clock clock) {
    this.mapper = mapper;
    this.clock = clock;
  }

  /** Registers the exception handlers on a Javalin configuration. */
  public void register(JavalinConfig cfg) {
    cfg.routes.exception(ApiProblem.class, (e, ctx) -> write(ctx, e.problem(), e.headers()));
    cfg.routes.exception(
        ValidationException.class, (e, ctx) -> write(ctx, Problem.invalid(e.errors()), Map.of()));
    cfg.routes.exception(
        DailyLimitReachedException.class,
        (e, ctx) ->
            write(
                ctx,
                ProblemType.DAILY_LIMIT_REACHED.problem(e.getMessage()),
                Map.of(
                    "Retry-After", Long.toString(e.reached().secondsUntilReset(clock.instant())))));
    cfg.routes.exception(HttpResponseException.class, this::framework);
    cfg.routes.exception(JdbiException.class, this::databaseDown);
    cfg.routes.exception(Exception.class, this::unexpected);
    cfg.router.javaLangErrorHandler(
        (res, error) -> {
          log.error("A request failed with {}", error.getClass().getName(), error);
          try {
            if (!res.isCommitted()) {
              res.reset();
              res.setStatus(500);
              res.setContentType(Problem.CONTENT_TYPE);
              res.getOutputStream()
                  .write(bytes(ProblemType.INTERNAL_ERROR.problem(internalDetail(null))));
            }
          } catch (IOException | RuntimeException ignored) {
            // The connection is gone or the response is committed: nothing more can be said.
          }
        });
  }

  /** Writes {@code problem} as the answer. */
  public void write(Context ctx, Problem problem, Map<String, String> headers) {
    headers.forEach(ctx::header);
    ctx.status(problem.status()).contentType(Problem.CONTENT_TYPE).result(bytes(problem));
  }

  /** Javalin's own answers: no route, wrong method, a body over its limit. */
  private void framework(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    Problem problem;
    if (status == 404) {
      problem =
          ProblemType.NOT_FOUND.problem(
              "There is no route "
                  + ctx.method().name()
                  + " "
                  + BoundedText.cut(ctx.path(), 200)
                  + ". The API is described at /openapi.json.");
    } else if (status == 405) {
      String allowed = allowedMethods(e);
      if (!allowed.isEmpty()) {
        ctx.header("Allow", allowed);
      }
      problem =
          ProblemType.METHOD_NOT_ALLOWED.problem(
              ctx.method().name()
                  + " is not allowed on "
                  + BoundedText.cut(ctx.path(), 200)
                  + (allowed.isEmpty() ? "." : "; use " + allowed + "."));
    } else if (status == 413) {
      problem = ProblemType.PAYLOAD_TOO_LARGE.problem(RequestBodies.tooLargeDetail());
    } else {
      problem = ProblemErrorHandler.problem(status);
    }
    write(ctx, problem, Map.of());
  }

  private static String allowedMethods(HttpResponseException e) {
    String raw = e.getDetails().getOrDefault("availableMethods", "");
    return raw.replace("[", "").replace("]", "").strip();
  }

  private void databaseDown(JdbiException e, Context ctx) {
    log.warn(
        "{} {} failed: the database did not answer ({})",
        ctx.method().name(),
        ctx.path(),
        e.toString());
    write(
        ctx,
        ProblemType.SERVICE_UNAVAILABLE.problem(
            "The database did not answer. Try again in a few seconds."),
        Map.of("Retry-After", "5"));
  }

  private void unexpected(Exception e, Context ctx) {
    String reference = UUID.randomUUID().toString();
    log.error("{} {} failed (reference {})", ctx.method().name(), ctx.path(), reference, e);
    write(ctx, ProblemType.INTERNAL_ERROR.problem(internalDetail(reference)), Map.of());
  }

  private static String internalDetail(String reference) {
    return "Something went wrong on our side"
        + (reference == null ? "" : " (reference " + reference + ")")
        + ". The request may be tried again; if it keeps failing, tell the operator.";
  }

  private byte[] bytes(Problem problem) {
    try {
      return mapper.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      // A record of strings and ints always serializes; keep a fallback all the same.
      return ("{\"type\":\"" + problem.type() + "\",\"status\":" + problem.status() + "}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }
}
