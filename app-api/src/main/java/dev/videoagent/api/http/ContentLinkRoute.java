package dev.videoagent.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.GetJob;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/videos/{id}/content-link} mints a short-lived link to the job's video, and the
 * content route accepts that link's {@code link} parameter in place of the bearer header. This is
 * how the web console's {@code <video>} element plays and seeks a video (with {@code Range})
 * without the API key ever appearing in a URL.
 */
public final class ContentLinkRoute {
  /** The content route's query parameter that carries a minted link's token. */
  public static final String LINK_PARAMETER = "link";

  private final GetJob getJob;
  private final ContentLinks links;
  private final RequestBodies bodies;

  public ContentLinkRoute(GetJob getJob, ContentLinks links, RequestBodies bodies) {
    this.getJob = getJob;
    this.links = links;
    this.bodies = bodies;
  }

  /**
   * {@code POST /v1/videos/{id}/content-link}: for a job the caller may see, whatever its state.
   */
  public void mint(Context ctx, Access access) {
    String id = JobIds.fromPath(ctx);
    bodies.discard(ctx, RequestBodies.MAX_BYTES);
    VideoJob job = getJob.get(access, id).orElseThrow(() -> VideoRoutes.notFound(id));
    ContentLinks.Minted minted = links.mint(job);
    String url =
        "/v1/videos/"
            + id
            + "/content?"
            + LINK_PARAMETER
            + "="
            + URLEncoder.encode(minted.token(), StandardCharsets.US_ASCII);
    ctx.header("Cache-Control", "no-store").json(new LinkView(url, minted.expiresAt()));
  }

  /**
   * The content route's guard: a request with an {@code Authorization} header is authenticated as
   * everywhere; one without it may bring a link minted for this very job.
   */
  public Handler guard(BearerAuth auth, BearerAuth.Authenticated content) {
    Handler withKey = auth.require(content);
    return ctx -> {
      String token = ctx.queryParam(LINK_PARAMETER);
      if (token == null || ctx.header("Authorization") != null) {
        withKey.handle(ctx);
        return;
      }
      String id = JobIds.fromPath(ctx);
      Optional<VideoJob> job = getJob.get(Access.operator(), id);
      if (job.isEmpty() || !links.opens(token, job.get())) {
        throw new ApiProblem(
            ProblemType.UNAUTHORIZED.problem(
                "This video link has expired or was not made for this video: ask for a new one"
                    + " with POST /v1/videos/"
                    + id
                    + "/content-link."),
            Map.of("WWW-Authenticate", "Bearer realm=\"videoagent\", error=\"invalid_token\""));
      }
      // The link was minted by a caller of the job's tenant; it opens this job, as that tenant.
      content.handle(ctx, Access.tenant(job.get().tenant()));
    };
  }

  record LinkView(String url, @JsonProperty("expires_at") Instant expiresAt) {}
}
