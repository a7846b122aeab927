package dev.videoagent.core.usecase;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.VideoStore;
import dev.videoagent.core.port.VideoStore.PendingVideo;
import dev.videoagent.core.port.VideoStore.VideoContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Copies every stored video from one store to another (a folder to a bucket, or back), each checked
 * against the SHA-256 its job records: the target store refuses a copy whose bytes differ, so a
 * video is either copied whole and verified or not at all. Safe to run again: a video the target
 * already holds with the job's SHA-256 is left as it is, so a second run copies nothing.
 */
public final class CopyVideos {
  /** Jobs read per page; the copy holds one page of jobs and one buffer of bytes at a time. */
  public static final int PAGE = 100;

  private static final int BUFFER_BYTES = 64 * 1024;

  private final JobRepository jobs;
  private final VideoStore from;
  private final VideoStore to;

  public CopyVideos(JobRepository jobs, VideoStore from, VideoStore to) {
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.from = Objects.requireNonNull(from, "from");
    this.to = Objects.requireNonNull(to, "to");
  }

  /** What happened to one job's video. */
  public enum Outcome {
    /** Copied and verified. */
    COPIED,
    /** The target already held it, with the job's SHA-256. */
    ALREADY_THERE,
    /** The job records a video that the source store does not hold. */
    MISSING,
    /** Reading, writing or verifying it failed; the target holds no copy of it. */
    FAILED
  }

  /** Told of every video as it is done (the command line's progress). */
  public interface Progress {
    void done(VideoJob job, Outcome outcome, String detail);
  }

  /**
   * The counts of a run, and a sentence per video that could not be copied.
   *
   * @param bytes the bytes copied
   */
  public record Report(
      int copied, int alreadyThere, int missing, int failed, long bytes, List<String> problems) {
    public Report {
      problems = List.copyOf(problems);
    }

    public int videos() {
      return copied + alreadyThere + missing + failed;
    }

    public boolean complete() {
      return missing == 0 && failed == 0;
    }
  }

  /** Copies the video of every completed job that has one stored, newest first. */
  public Report copyAll(Progress progress) {
    int copied = 0;
    int alreadyThere = 0;
    int missing = 0;
    int failed = 0;
    long bytes = 0;
    List<String> problems = new ArrayList<>();
    String after = null;
    while (true) {
      JobPage page = jobs.list(new JobQuery(null, JobStatus.COMPLETED, PAGE, after));
      for (VideoJob job : page.jobs()) {
        if (job.content() == null) {
          continue;
        }
        Outcome outcome;
        String detail = "";
        try {
          outcome = copy(job);
        } catch (IOException | RuntimeException e) {
          outcome = Outcome.FAILED;
          detail = e.getMessage();
        }
        switch (outcome) {
          case COPIED -> {
            copied++;
            bytes += job.content().bytes();
          }
          case ALREADY_THERE -> alreadyThere++;
          case MISSING -> {
            missing++;
            detail = "the source store does not hold it";
            problems.add(job.id() + ": " + detail);
          }
          case FAILED -> {
            failed++;
            problems.add(job.id() + ": " + detail);
          }
        }
        progress.done(job, outcome, detail);
      }
      if (page.nextAfterId() == null) {
        break;
      }
      after = page.nextAfterId();
    }
    return new Report(copied, alreadyThere, missing, failed, bytes, problems);
  }

  private Outcome copy(VideoJob job) throws IOException {
    StoredContent content = job.content();
    if (holdsVerified(to, job.id(), content)) {
      return Outcome.ALREADY_THERE;
    }
    Optional<VideoContent> source = from.find(job.id());
    if (source.isEmpty()) {
      return Outcome.MISSING;
    }
    try (PendingVideo pending = to.begin(job.id());
        InputStream in = source.get().open(0)) {
      OutputStream out = pending.output();
      byte[] buffer = new byte[BUFFER_BYTES];
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
      }
      out.flush();
      // The target checks size and SHA-256 against the job's record before the copy is visible.
      pending.commit(content);
    }
    return Outcome.COPIED;
  }

  /** Whether {@code store} holds the job's video byte for byte (read back and hashed). */
  private static boolean holdsVerified(VideoStore store, String id, StoredContent content)
      throws IOException {
    Optional<VideoContent> held = store.find(id);
    if (held.isEmpty() || held.get().size() != content.bytes()) {
      return false;
    }
    MessageDigest digest = sha256();
    try (InputStream in = held.get().open(0)) {
      byte[] buffer = new byte[BUFFER_BYTES];
      int n;
      while ((n = in.read(buffer)) != -1) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest()).equals(content.sha256());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
