package dev.videoagent.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.assembly.json.JobView;
import dev.videoagent.assembly.json.JobViewWriter;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.testing.TestJobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Kept answers are the job's JSON of the version asked for, never an older one, and never more
 * bytes than the budget, however many jobs are answered.
 */
class JobAnswersTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private final JobViewWriter views = new JobViewWriter();

  @Test
  void anAnswerIsTheJobsJsonAndIsKeptForItsVersionOnly() {
    JobAnswers answers = new JobAnswers();
    VideoJob job = TestJobs.pendingWithKey(TestJobs.id(1), "acme", "key-1", T0).atVersion(0);
    assertThat(answers.kept(job.id())).isEmpty();

    byte[] first = answers.of(job);
    assertThat(first).isEqualTo(views.utf8Line(JobView.of(job)));
    assertThat(answers.of(job)).isSameAs(first);
    assertKept(answers, job.id(), 0, first);

    VideoJob changed = job.submissionStarted(T0.plusSeconds(1), T0.plusSeconds(180)).atVersion(1);
    byte[] second = answers.of(changed);
    assertThat(second).isEqualTo(views.utf8Line(JobView.of(changed))).isNotEqualTo(first);
    assertKept(answers, job.id(), 1, second);
  }

  @Test
  void anAnswerOfAnOlderVersionNeverReplacesANewerOne() {
    JobAnswers answers = new JobAnswers();
    VideoJob job = TestJobs.pending(TestJobs.id(1), "acme", T0);
    VideoJob newer = job.submissionStarted(T0.plusSeconds(1), T0.plusSeconds(180)).atVersion(5);
    byte[] kept = answers.of(newer);

    // A slow request that read the job before the write still gets its own answer...
    assertThat(answers.of(job.atVersion(4))).isEqualTo(views.utf8Line(JobView.of(job)));
    // ...and the newer one stays.
    assertKept(answers, job.id(), 5, kept);
  }

  @Test
  void writersOfManyVersionsAtOnceLeaveTheNewest() throws Exception {
    JobAnswers answers = new JobAnswers();
    VideoJob job = TestJobs.pending(TestJobs.id(1), "acme", T0);
    List<Integer> versions = new ArrayList<>(IntStream.range(0, 400).boxed().toList());
    Collections.shuffle(versions);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        List<Integer> mine = versions.subList(t * 50, (t + 1) * 50);
        done.add(
            threads.submit(
                () -> {
                  start.await();
                  mine.forEach(v -> answers.of(job.atVersion(v)));
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(answers.kept(job.id())).get().extracting(JobAnswers.Answer::version).isEqualTo(399L);
  }

  @Test
  void manyMoreJobsThanTheBudgetHoldsStayWithinItAndEachGetsItsOwnAnswer() {
    long budget = 64 * 1024;
    JobAnswers answers = new JobAnswers(budget);
    List<VideoJob> jobs =
        IntStream.range(0, 3_000)
            .mapToObj(i -> TestJobs.pendingWithKey(TestJobs.id(i), "acme", "k" + i, T0))
            .toList();
    int perAnswer = views.utf8Line(JobView.of(jobs.get(0))).length;
    assertThat(budget / perAnswer)
        .as("the budget holds far fewer answers than jobs")
        .isLessThan(200);

    for (int round = 0; round < 2; round++) {
      for (VideoJob job : jobs) {
        assertThat(answers.of(job)).isEqualTo(views.utf8Line(JobView.of(job)));
        assertThat(answers.weight()).isLessThanOrEqualTo(budget);
      }
    }
    long held = jobs.stream().filter(job -> answers.kept(job.id()).isPresent()).count();
    assertThat(held).isPositive().isLessThanOrEqualTo(budget / perAnswer);
  }

  /** The answer kept for {@code id} is {@code json} itself, of {@code version}. */
  private static void assertKept(JobAnswers answers, String id, long version, byte[] json) {
    JobAnswers.Answer kept = answers.kept(id).orElseThrow();
    assertThat(kept.version()).isEqualTo(version);
    assertThat(kept.json()).isSameAs(json);
  }
}
