package dev.videoagent.api.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.videoagent.assembly.json.JobView;
import dev.videoagent.assembly.json.JobViewWriter;
import dev.videoagent.core.VideoJob;
import java.util.Optional;

/**
 * The JSON answer for one job, kept by job id with the version it was written from, so that a read
 * of a job that has not changed since it was last answered costs a look at its stored version (one
 * primary-key read of two columns) instead of reading, checking and writing out the whole job.
 *
 * <p>Why this is never stale, across every instance on the database: every write of a job advances
 * its version ({@code JobRepository#update}), a job's answer is made from its stored fields alone,
 * and an answer is used only after the stored version has been read and found equal. A newer answer
 * is never replaced by an older one, whichever request finishes first.
 *
 * <p>Bounded by the bytes it holds ({@link #DEFAULT_BUDGET_BYTES}), not by a count of jobs, since a
 * job's prompt and metadata set its size; past the budget, Caffeine evicts the answers least likely
 * to be read again. Its upkeep runs on the calling thread, so it starts no threads.
 */
public final class JobAnswers {
  /**
   * About 8,000 answers of a typical job (about 1 KB), at most 8 MiB of a 256 MiB heap: the jobs
   * that clients are polling, not every job stored.
   */
  public static final long DEFAULT_BUDGET_BYTES = 8L * 1024 * 1024;

  /** What an entry costs beyond its bytes: the key, the record and the cache's own node. */
  static final int ENTRY_OVERHEAD_BYTES = 160;

  private final JobViewWriter views = new JobViewWriter();
  private final Cache<String, Answer> kept;

  /** An answer as written from one version of a job. */
  public record Answer(long version, byte[] json) {}

  public JobAnswers() {
    this(DEFAULT_BUDGET_BYTES);
  }

  JobAnswers(long budgetBytes) {
    this.kept =
        Caffeine.newBuilder()
            .maximumWeight(budgetBytes)
            .<String, Answer>weigher(
                (id, answer) -> ENTRY_OVERHEAD_BYTES + id.length() + answer.json().length)
            .executor(Runnable::run)
            .build();
  }

  /** The answer for {@code job} as given: the kept one when it is of this version, else new. */
  public byte[] of(VideoJob job) {
    Answer answer = kept.getIfPresent(job.id());
    if (answer != null && answer.version() == job.version()) {
      return answer.json();
    }
    byte[] json = views.utf8Line(JobView.of(job));
    Answer made = new Answer(job.version(), json);
    kept.asMap().merge(job.id(), made, JobAnswers::newer);
    return json;
  }

  /**
   * The answer kept for job {@code id}, of whatever version: the caller sends it only after finding
   * the stored job at {@link Answer#version()}.
   */
  public Optional<Answer> kept(String id) {
    return Optional.ofNullable(kept.getIfPresent(id));
  }

  /** The bytes held, as the budget counts them; for tests and figures. */
  long weight() {
    kept.cleanUp();
    return kept.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  private static Answer newer(Answer kept, Answer made) {
    return made.version() >= kept.version() ? made : kept;
  }
}
