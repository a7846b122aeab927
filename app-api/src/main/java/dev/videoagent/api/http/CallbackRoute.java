package dev.videoagent.api.http;

import dev.videoagent.core.usecase.ExpediteJob;
import dev.videoagent.core.usecase.ExpediteJob.ExpediteResult;
import io.javalin.http.Context;

/**
 * {@code POST /v1/gateway-callbacks/{id}?token=…}: the gateway's webhook. The body is read (up to a
 * small cap) and thrown away unread: nothing in it is believed. A good per-job token only makes the
 * job due, so the tracker reads its status from the gateway at once. An unknown job and a wrong
 * token get the same answer, so the route reveals nothing.
 */
public final class CallbackRoute {
  /** A gateway status document is a few hundred bytes; this is generous. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final ExpediteJob expediteJob;
  private final Tracking tracking;

  public CallbackRoute(ExpediteJob expediteJob, Tracking tracking) {
    this.expediteJob = expediteJob;
    this.tracking = tracking;
  }

  public void receive(Context ctx) {
    RequestBodies.discard(ctx, MAX_BODY_BYTES);
    ExpediteResult result = expediteJob.expedite(ctx.pathParam("id"), ctx.queryParam("token"));
    if (result == ExpediteResult.REFUSED) {
      throw ApiProblem.of(
          ProblemType.NOT_FOUND, "There is no gateway callback at this address and token.");
    }
    if (result == ExpediteResult.EXPEDITED) {
      tracking.wakeUp();
    }
    ctx.status(204);
  }
}
