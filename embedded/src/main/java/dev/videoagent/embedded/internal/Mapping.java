package dev.videoagent.embedded.internal;

import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.assembly.json.JobView;
import dev.videoagent.core.DailyLimitReached;
import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.FieldError;
import dev.videoagent.core.IdempotencyKey;
import dev.videoagent.core.JobError;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.TenantLimits;
import dev.videoagent.core.UsageCounts;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.usecase.ReportUsage.UsageReport;
import dev.videoagent.embedded.DailyLimitReachedException;
import dev.videoagent.embedded.FieldProblem;
import dev.videoagent.embedded.InvalidVideoRequestException;
import dev.videoagent.embedded.Limits;
import dev.videoagent.embedded.Orientation;
import dev.videoagent.embedded.SandboxOptions;
import dev.videoagent.embedded.StoredVideo;
import dev.videoagent.embedded.TrackerStatus;
import dev.videoagent.embedded.Usage;
import dev.videoagent.embedded.UsageDay;
import dev.videoagent.embedded.UsageFigures;
import dev.videoagent.embedded.Video;
import dev.videoagent.embedded.VideoError;
import dev.videoagent.embedded.VideoPage;
import dev.videoagent.embedded.VideoSpec;
import dev.videoagent.embedded.VideoStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Translates between the core's types and the published ones, so that no core type appears in the
 * public API and the core may change without breaking embedders.
 */
public final class Mapping {
  private Mapping() {}

  public static Video video(VideoJob job) {
    VideoRequest request = job.request();
    return new Video(
        job.id(),
        status(job.status()),
        request.prompt(),
        request.avatar(),
        request.voice(),
        request.orientationIfSet().map(o -> Orientation.valueOf(o.name())).orElse(null),
        request.metadata(),
        job.attempt(),
        job.gatewayRequestId(),
        job.videoUrl(),
        job.contentIfStored().map(Mapping::stored).orElse(null),
        job.errorIfAny().map(Mapping::error).orElse(null),
        job.createdAt(),
        job.updatedAt(),
        job.completedAt(),
        job.deadline(),
        job.status().isWithGateway() ? job.estimatedCompletionAt() : null,
        job.status().isWithGateway() ? job.stalledSince() : null);
  }

  /**
   * The job as an event's payload shows it (the state that change left), with what the payload does
   * not carry (the deadline) from {@code current}.
   */
  public static Video video(JobView at, VideoJob current) {
    return new Video(
        at.id(),
        VideoStatus.valueOf(at.status().toUpperCase(Locale.ROOT)),
        at.prompt(),
        at.avatar(),
        at.voice(),
        at.orientation() == null
            ? null
            : Orientation.valueOf(at.orientation().toUpperCase(Locale.ROOT)),
        at.metadata(),
        at.attempt(),
        at.gatewayRequestId(),
        at.videoUrl(),
        at.content() == null
            ? null
            : new StoredVideo(
                at.content().sha256(), at.content().bytes(), at.content().contentType()),
        at.error() == null
            ? null
            : new VideoError(
                VideoError.Code.valueOf(at.error().code().toUpperCase(Locale.ROOT)),
                at.error().message()),
        at.createdAt(),
        at.updatedAt(),
        at.completedAt(),
        current.deadline(),
        at.estimatedCompletionAt(),
        at.stalledSince());
  }

  public static TrackerStatus trackerStatus(dev.videoagent.core.usecase.TrackerStatus status) {
    return new TrackerStatus(
        status.measuredAt(),
        status.running(),
        TrackerStatus.Health.valueOf(status.health().name()),
        status.reason(),
        status.busy(),
        status.lag(),
        status.waitingForSlot(),
        status.inFlight(),
        status.maxInFlight(),
        status.lastProgressAt(),
        status.lastTroubleIfAny().map(t -> t.message()).orElse(null),
        status.lastTroubleIfAny().map(t -> t.at()).orElse(null),
        status.creditHoldIfAny().map(hold -> hold.nextProbeAt()).orElse(null));
  }

  public static VideoPage page(JobPage page) {
    return new VideoPage(
        page.jobs().stream().map(Mapping::video).collect(Collectors.toList()), page.nextAfterId());
  }

  public static VideoStatus status(JobStatus status) {
    return VideoStatus.valueOf(status.name());
  }

  public static JobStatus status(VideoStatus status) {
    return status == null ? null : JobStatus.valueOf(status.name());
  }

  /**
   * The core request for {@code spec}, checking every rule and reporting all problems together.
   *
   * @throws InvalidVideoRequestException naming each bad field
   */
  public static VideoRequest request(VideoSpec spec) {
    List<FieldProblem> problems = new ArrayList<>();
    VideoRequest request = null;
    try {
      request =
          new VideoRequest(
              spec.prompt(),
              spec.avatar(),
              spec.voice(),
              spec.orientation() == null
                  ? null
                  : dev.videoagent.core.Orientation.valueOf(spec.orientation().name()),
              spec.metadata(),
              null);
    } catch (ValidationException e) {
      problems.addAll(problems(e));
    }
    checkIdempotencyKey(spec.idempotencyKey(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidVideoRequestException(problems);
    }
    return request;
  }

  public static InvalidVideoRequestException invalid(ValidationException e) {
    return new InvalidVideoRequestException(problems(e));
  }

  private static List<FieldProblem> problems(ValidationException e) {
    List<FieldProblem> problems = new ArrayList<>();
    for (FieldError error : e.errors()) {
      problems.add(new FieldProblem(error.field(), error.message()));
    }
    return problems;
  }

  /** The core's rule for idempotency keys, reported under this API's name for the field. */
  private static void checkIdempotencyKey(String key, List<FieldProblem> problems) {
    try {
      IdempotencyKey.ofNullable(key, "idempotencyKey");
    } catch (ValidationException e) {
      problems.addAll(problems(e));
    }
  }

  /** The sandbox's configuration for the published options. */
  public static SandboxConfig sandbox(SandboxOptions options) {
    return sandbox(
        options.completionDelay(),
        options.failMarker(),
        options.rateLimitRate(),
        options.retryAfterSeconds(),
        options.unavailableRate(),
        options.ambiguousRate(),
        options.statusFailureRate(),
        options.slowRate(),
        options.slowDelay(),
        options.down(),
        options.mediaExpiredFirstFetches(),
        options.mediaLinkMaxAge(),
        options.seed());
  }

  /**
   * The sandbox's configuration for these values, checked by the sandbox's own rules.
   *
   * @throws IllegalArgumentException naming the value that is out of range
   */
  public static SandboxConfig sandbox(
      Duration completionDelay,
      String failMarker,
      double rateLimitRate,
      int retryAfterSeconds,
      double unavailableRate,
      double ambiguousRate,
      double statusFailureRate,
      double slowRate,
      Duration slowDelay,
      boolean down,
      int mediaExpiredFirstFetches,
      Duration mediaLinkMaxAge,
      long seed) {
    SandboxFaults faults =
        new SandboxFaults(
            rateLimitRate,
            retryAfterSeconds,
            unavailableRate,
            ambiguousRate,
            statusFailureRate,
            slowRate,
            slowDelay,
            down,
            mediaExpiredFirstFetches,
            mediaLinkMaxAge,
            seed,
            // The library's sandbox options have no knobs for lost callbacks or lack of credit.
            false,
            false);
    return SandboxConfig.defaults()
        .withCompletionDelay(completionDelay)
        .withFailMarker(failMarker)
        .withFaults(faults);
  }

  /** The report as the library publishes it. */
  public static Usage usage(UsageReport report) {
    List<UsageDay> days = new ArrayList<>();
    for (dev.videoagent.core.UsageDay day : report.days()) {
      days.add(new UsageDay(day.date(), figures(day.counts())));
    }
    return new Usage(
        report.from(),
        report.to(),
        days,
        figures(report.totals()),
        report.estimatedCostIfPriced().map(cost -> cost.amount()).orElse(null));
  }

  private static UsageFigures figures(UsageCounts counts) {
    Map<VideoError.Code, Long> byCode = new EnumMap<>(VideoError.Code.class);
    for (Map.Entry<ErrorCode, Long> entry : counts.failedByCode().entrySet()) {
      byCode.put(VideoError.Code.valueOf(entry.getKey().name()), entry.getValue());
    }
    return new UsageFigures(
        counts.created(),
        counts.submitted(),
        counts.accepted(),
        counts.completed(),
        counts.failed(),
        counts.retries(),
        counts.storedBytes(),
        byCode);
  }

  public static Limits limits(TenantLimits limits) {
    return new Limits(limits.daily(), limits.inFlight());
  }

  /** The core's refusal as the library's exception, with the core's sentence. */
  public static DailyLimitReachedException dailyLimit(DailyLimitReached reached) {
    return new DailyLimitReachedException(
        reached.sentence(),
        DailyLimitReachedException.Limit.valueOf(reached.scope().name()),
        reached.limit(),
        reached.resetsAt());
  }

  private static StoredVideo stored(StoredContent content) {
    return new StoredVideo(content.sha256(), content.bytes(), content.contentType());
  }

  private static VideoError error(JobError error) {
    return new VideoError(VideoError.Code.valueOf(error.code().name()), error.message());
  }
}
