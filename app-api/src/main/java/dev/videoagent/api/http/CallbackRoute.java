package dev.videoagent.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.assembly.json.Json;
import dev.videoagent.core.FieldError;
import dev.videoagent.core.usecase.ExpediteJob;
import dev.videoagent.core.usecase.ExpediteJob.ExpediteResult;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/gateway-callbacks/{id}?token=…}: the gateway's webhook. Nothing in the body is
 * believed: a good per-job token only makes the job due, so the tracker reads its status from the
 * gateway at once. An unknown job and a wrong token get the same answer, so the route reveals
 * nothing.
 *
 * <p>The token is checked before a byte of the body is read: the route needs no API key, so anyone
 * can call it, and a body read first would let anyone hold a server thread by sending a large body
 * slowly. A refused call is answered at once and its connection closed, its body never read. Only
 * the gateway's genuine calls have their (small) body read, so the connection can be reused.
 *
 * <p>The one thing taken from a genuine call's body is the {@code request_id} it names, and only as
 * a question: for a job whose submission has no answer (the gateway answered 500, or the sender
 * stopped), the tracker reads that request from the gateway and settles the job by it only if the
 * gateway answers for it.
 */
public final class CallbackRoute {
  /** A gateway status document is a few hundred bytes; this is generous. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** Longer than any request id the gateway hands out; a longer one is not read. */
  static final int MAX_REQUEST_ID_CHARS = 256;

  private static final ObjectMapper MAPPER = Json.mapper();

  private final ExpediteJob expediteJob;
  private final TrackerControls tracking;
  private final RequestBodies bodies;

  public CallbackRoute(ExpediteJob expediteJob, TrackerControls tracking, RequestBodies bodies) {
    this.expediteJob = expediteJob;
    this.tracking = tracking;
    this.bodies = bodies;
  }

  public void receive(Context ctx) {
    RequestBodies.refuseDeclaredOversize(ctx, MAX_BODY_BYTES);
    String id = JobIds.fromPath(ctx);
    String token = token(ctx);
    if (token == null || !expediteJob.accepts(id, token)) {
      throw refused();
    }
    String named = bodies.read(ctx, MAX_BODY_BYTES, CallbackRoute::namedRequestId);
    ExpediteResult result = expediteJob.expedite(id, token, named);
    if (result == ExpediteResult.REFUSED) {
      throw refused();
    }
    if (result == ExpediteResult.EXPEDITED) {
      tracking.wakeUp();
    }
    ctx.status(204);
  }

  private static ApiProblem refused() {
    return new ApiProblem(
        ProblemType.NOT_FOUND.problem("There is no gateway callback at this address and token."),
        Map.of("Connection", "close"));
  }

  /** The body's {@code request_id}, or null when it names none (or is not JSON at all). */
  static String namedRequestId(byte[] body) {
    try {
      JsonNode id = MAPPER.readTree(body).path("request_id");
      String text = id.isTextual() ? id.asText().strip() : "";
      return text.isEmpty() || text.length() > MAX_REQUEST_ID_CHARS ? null : text;
    } catch (java.io.IOException | RuntimeException notJson) {
      return null;
    }
  }

  /** The one {@code token} parameter, or null when there is none (or more than one). */
  private static String token(Context ctx) {
    List<String> tokens = QueryParams.parse(ctx.queryString()).getOrDefault("token", List.of());
    if (tokens.size() > 1) {
      throw new ApiProblem(
          Problem.invalid(List.of(new FieldError("token", "token may be given only once."))));
    }
    return tokens.isEmpty() || tokens.get(0).isEmpty() ? null : tokens.get(0);
  }
}
