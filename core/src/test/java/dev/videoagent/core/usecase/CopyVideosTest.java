package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.StoredContent;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.testing.InMemoryJobRepository;
import dev.videoagent.core.testing.InMemoryVideoStore;
import dev.videoagent.core.testing.ScriptedDownloader;
import dev.videoagent.core.testing.TestJobs;
import dev.videoagent.core.usecase.CopyVideos.Outcome;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyVideosTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final InMemoryJobRepository jobs = new InMemoryJobRepository();
  private final InMemoryVideoStore from = new InMemoryVideoStore();
  private final InMemoryVideoStore to = new InMemoryVideoStore();

  @Test
  void copiesEveryStoredVideoAcrossMorePagesThanOneAndASecondRunCopiesNothing() throws IOException {
    int count = CopyVideos.PAGE * 2 + 30;
    for (int i = 0; i < count; i++) {
      completed(i, "video " + i);
    }
    jobs.insert(TestJobs.pending(TestJobs.id(count), "acme", T0));

    List<Outcome> outcomes = new ArrayList<>();
    CopyVideos.Report first =
        new CopyVideos(jobs, from, to).copyAll((job, outcome, detail) -> outcomes.add(outcome));

    assertThat(first.copied()).isEqualTo(count);
    assertThat(first.complete()).isTrue();
    assertThat(outcomes).hasSize(count).containsOnly(Outcome.COPIED);
    assertThat(to.committedCount()).isEqualTo(count);
    for (int i = 0; i < count; i++) {
      assertThat(to.bytesOf(TestJobs.id(i))).contains(bytes("video " + i));
    }

    CopyVideos.Report second = new CopyVideos(jobs, from, to).copyAll((job, outcome, d) -> {});
    assertThat(second.copied()).isZero();
    assertThat(second.alreadyThere()).isEqualTo(count);
    assertThat(to.begun()).isEqualTo(count);
  }

  @Test
  void aVideoMissingFromTheSourceIsReportedAndTheRestCopied() throws IOException {
    completed(1, "one");
    completed(2, "two");
    from.delete(TestJobs.id(1));

    CopyVideos.Report report = new CopyVideos(jobs, from, to).copyAll((job, outcome, d) -> {});

    assertThat(report.copied()).isEqualTo(1);
    assertThat(report.missing()).isEqualTo(1);
    assertThat(report.complete()).isFalse();
    assertThat(report.problems()).singleElement().asString().startsWith(TestJobs.id(1));
  }

  @Test
  void aTargetCopyThatDiffersFromTheJobsSha256IsCopiedAgain() throws IOException {
    completed(1, "the real video");
    try (var pending = to.begin(TestJobs.id(1))) {
      pending.output().write(bytes("the fake video"));
      pending.commit(new StoredContent(ScriptedDownloader.sha256(bytes("x")), 14, "video/mp4"));
    }

    CopyVideos.Report report = new CopyVideos(jobs, from, to).copyAll((job, outcome, d) -> {});

    assertThat(report.copied()).isEqualTo(1);
    assertThat(to.bytesOf(TestJobs.id(1))).contains(bytes("the real video"));
  }

  private void completed(int index, String video) throws IOException {
    byte[] bytes = bytes(video);
    StoredContent content =
        new StoredContent(ScriptedDownloader.sha256(bytes), bytes.length, "video/mp4");
    VideoJob job =
        jobs.insert(TestJobs.pending(TestJobs.id(index), "acme", T0))
            .submissionStarted(T0.plusSeconds(1), T0.plusSeconds(180))
            .acceptedByGateway("gw_" + index, true, T0.plusSeconds(2), T0.plusSeconds(7))
            .completedAt(URI.create("https://cdn.example.com/" + index + ".mp4"), T0.plusSeconds(9))
            .contentStored(content, T0.plusSeconds(10));
    jobs.update(job).orElseThrow();
    try (var pending = from.begin(job.id())) {
      pending.output().write(bytes);
      pending.commit(content);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
