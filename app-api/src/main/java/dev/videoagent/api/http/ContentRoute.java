package dev.videoagent.api.http;

import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.VideoStore;
import dev.videoagent.core.port.VideoStore.VideoContent;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.DownloadVideo.VideoResult;
import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/videos/{id}/content}: the stored video, whole or one byte range, with a strong
 * {@code ETag} (the SHA-256 of the bytes). A job whose downloads were given up is fetched again
 * right here, so asking for the video is also how a user retries its download. The bytes come from
 * whichever store holds the video (a folder, or object storage shared by every instance); with
 * redirects on and object storage, the answer is instead a {@code 302} to a presigned URL of the
 * object, valid {@link #REDIRECT_VALID_FOR}, after the same authentication and tenant checks.
 */
public final class ContentRoute {
  /** How long a redirect's presigned URL can be used: long enough to start a download. */
  public static final Duration REDIRECT_VALID_FOR = Duration.ofMinutes(5);

  private final DownloadVideo downloadVideo;
  private final VideoStore store;
  private final boolean redirect;

  /**
   * @param redirect whether to answer a redirect to a presigned URL where {@code store} can sign
   *     one (a folder store cannot: its videos are always sent by the service)
   */
  public ContentRoute(DownloadVideo downloadVideo, VideoStore store, boolean redirect) {
    this.downloadVideo = downloadVideo;
    this.store = store;
    this.redirect = redirect;
  }

  public void get(Context ctx, Access access) throws IOException {
    String id = JobIds.fromPath(ctx);
    VideoResult result = downloadVideo.open(access, id, false);
    if (result instanceof VideoResult.NotReady notReady && downloadAbandoned(notReady.job())) {
      result = downloadVideo.open(access, id, true);
    }
    if (result instanceof VideoResult.NotFound) {
      throw VideoRoutes.notFound(id);
    }
    if (result instanceof VideoResult.NotReady notReady) {
      throw ApiProblem.of(ProblemType.VIDEO_NOT_READY, whyNotReady(notReady.job()));
    }
    VideoResult.Available available = (VideoResult.Available) result;
    serve(ctx, available.job(), available.content());
  }

  private void serve(Context ctx, VideoJob job, VideoContent content) throws IOException {
    long size = content.size();
    String etag = "\"" + job.content().sha256() + "\"";
    ctx.header("ETag", etag);
    ctx.header("Accept-Ranges", "bytes");
    ctx.header("Cache-Control", "private, max-age=0, must-revalidate");
    ctx.header("Content-Disposition", "inline; filename=\"" + job.id() + ".mp4\"");
    if (matches(ctx.header("If-None-Match"), etag)) {
      ctx.status(304);
      return;
    }
    Optional<URI> link =
        redirect ? store.temporaryLink(job.id(), REDIRECT_VALID_FOR) : Optional.empty();
    if (link.isPresent()) {
      // The link is a short-lived credential: no cache may keep the answer that carries it.
      ctx.header("Cache-Control", "no-store");
      ctx.status(302).header("Location", link.get().toString());
      return;
    }
    String ifRange = ctx.header("If-Range");
    String range = ifRange == null || ifRange.strip().equals(etag) ? ctx.header("Range") : null;
    ByteRange.Request request = ByteRange.parse(range, size);
    if (request instanceof ByteRange.Request.Unsatisfiable) {
      throw new ApiProblem(
          ProblemType.RANGE_NOT_SATISFIABLE.problem(
              "The video has " + size + " bytes; the requested range lies outside them."),
          Map.of("Content-Range", "bytes */" + size));
    }
    long first = 0;
    long length = size;
    if (request instanceof ByteRange.Request.Part part) {
      first = part.range().first();
      length = part.range().length();
      ctx.status(206).header("Content-Range", part.range().contentRange(size));
    } else {
      ctx.status(200);
    }
    ctx.disableCompression();
    ctx.contentType(content.contentType());
    ctx.header("Content-Length", Long.toString(length));
    ctx.result(new Bounded(content.open(first, length), length));
  }

  /** {@code If-None-Match}: {@code *} or a list of entity tags, weak ones compared weakly. */
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.strip();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Completed, with no stored video and nobody fetching one: the tracker gave up after repeated
   * failures, or the stored file went missing. (A job still being downloaded is left alone, so its
   * video is never fetched twice at once.)
   */
  private static boolean downloadAbandoned(VideoJob job) {
    if (job.status() != JobStatus.COMPLETED) {
      return false;
    }
    boolean fileMissing = job.content() != null;
    boolean gaveUp =
        job.error() != null
            && job.error().code() == ErrorCode.DOWNLOAD_FAILED
            && job.nextCheckAt() == null;
    return fileMissing || gaveUp;
  }

  static String whyNotReady(VideoJob job) {
    String id = job.id();
    switch (job.status()) {
      case PENDING:
      case QUEUED:
      case PROCESSING:
        return "Job "
            + id
            + " is not completed yet (it is "
            + job.status().wireName()
            + "). Poll GET /v1/videos/"
            + id
            + " until its content is set.";
      case COMPLETED:
        if (job.error() != null && job.error().code() == ErrorCode.DOWNLOAD_FAILED) {
          return "Job "
              + id
              + " completed, but its video could not be downloaded into the store ("
              + job.error().message()
              + "). The download is being retried; try again later.";
        }
        return "Job "
            + id
            + " completed and its video is being downloaded into the store; try again in a few"
            + " seconds.";
      case FAILED:
        return "Job "
            + id
            + " failed"
            + (job.error() == null ? "" : " (" + job.error().code().wireName() + ")")
            + ", so it has no video. Retry it with POST /v1/videos/"
            + id
            + "/retry.";
      default:
        return "Job " + id + " was canceled, so it has no video.";
    }
  }

  /** Reads at most {@code remaining} bytes of a stream, for range answers. */
  private static final class Bounded extends FilterInputStream {
    private long remaining;

    Bounded(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(buffer, offset, (int) Math.min(length, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(Math.min(n, remaining));
      remaining -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), remaining);
    }
  }
}
