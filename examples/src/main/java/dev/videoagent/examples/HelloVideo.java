package dev.videoagent.examples;

import dev.videoagent.embedded.Video;
import dev.videoagent.embedded.VideoAgent;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The smallest host application: one prompt in, one stored MP4 out, through the public API of
 * {@code videoagent-embedded} only, against the in-process sandbox (no key, nothing billed).
 *
 * <p>Run it with {@code mvn -pl examples exec:java}, optionally with {@code -Dexec.args=out.mp4}.
 * It prints the video's path and SHA-256, and keeps the sandbox's database and videos in {@code
 * videoagent-home} beside the output file.
 */
public final class HelloVideo {
  private HelloVideo() {}

  /**
   * Makes one video and writes it to {@code args[0]} (default {@code hello.mp4}).
   *
   * @param args an optional output file
   * @throws Exception when the video cannot be made; the message says why
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "hello.mp4").toAbsolutePath();
    // The sandbox's jobs are kept apart from a real ~/.videoagent: beside the output file.
    Path home = out.resolveSibling("videoagent-home");
    // --- the part docs/embedding.md quotes: a prompt to a stored video ---
    try (VideoAgent agent = VideoAgent.builder().sandbox().home(home).build()) {
      Video job = agent.submit("A friendly robot explains what videoagent does");
      Video done = agent.await(job.id(), Duration.ofMinutes(2)).videoOrThrow();
      agent.saveVideo(done.id(), out);
      System.out.println(out + " " + done.content().sha256());
    }
    // --- end of the quoted part ---
  }
}
