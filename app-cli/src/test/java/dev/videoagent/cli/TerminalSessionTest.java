package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in a real pseudo-terminal: a separate JVM under util-linux {@code script}, so
 * that {@code System.console()} is not null, with the production wiring. Checks the rewritten
 * progress line and what Ctrl-C does.
 */
class TerminalSessionTest {
  private static final Pattern JOB_ID = Pattern.compile("vid_[0-9A-Z]{26}");

  @TempDir Path temp;
  SandboxGateway sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox =
        SandboxGateway.start(SandboxConfig.defaults().withCompletionDelay(Duration.ofMillis(300)));
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Test
  void waitingShowsOneProgressLineRewrittenInPlaceWithAnEta() throws Exception {
    Session first = start(sandbox, "generate", "On a real terminal", "--wait", "-o", "tty.mp4");
    String output = first.finish(Duration.ofSeconds(60));

    assertThat(first.exitCode).as(output).isZero();
    String id = jobId(output);
    assertThat(output)
        .contains("\r" + id + "  queued")
        .contains("ETA: no history yet")
        .contains(" elapsed")
        .contains("\r" + id + "  completed, video stored")
        .contains("saved to:");
    assertThat(temp.resolve("tty.mp4")).hasBinaryContent(sandbox.sampleClip());
    // Redrawn in place: many carriage returns, but the progress never scrolls the screen.
    long redraws = output.chars().filter(c -> c == '\r').count();
    long progressLines =
        java.util.Arrays.stream(output.split("\n")).filter(l -> l.contains(id + "  ")).count();
    assertThat(redraws).isGreaterThan(3);
    assertThat(progressLines).isEqualTo(1);

    // With one job in the history, the next wait has an estimate.
    Session second = start(sandbox, "generate", "Second on a terminal", "--wait");
    String again = second.finish(Duration.ofSeconds(60));
    assertThat(second.exitCode).as(again).isZero();
    assertThat(again).containsPattern("ETA (~\\d|: any moment)");
  }

  @Test
  void ctrlCStopsTheWaitingNotTheJobAndSaysHowToResume() throws Exception {
    SandboxGateway slow =
        SandboxGateway.start(SandboxConfig.defaults().withCompletionDelay(Duration.ofMinutes(5)));
    try {
      Session session = start(slow, "generate", "Interrupted on a terminal", "--wait");
      session.awaitOutput("queued", Duration.ofSeconds(30));

      session.type("\u0003");
      String output = session.finish(Duration.ofSeconds(30));

      String id = jobId(output);
      assertThat(session.exitCode).as(output).isEqualTo(130);
      assertThat(output)
          .contains("Stopped waiting; job " + id + " goes on. Resume with: videoagent wait " + id);
      assertThat(slow.stats().acceptedSubmissions()).isEqualTo(1);
    } finally {
      slow.close();
    }
  }

  private static String jobId(String output) {
    Matcher matcher = JOB_ID.matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return matcher.group();
  }

  private Session start(SandboxGateway gateway, String... args) throws IOException {
    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.add("-XX:TieredStopAtLevel=1");
    java.add("-cp");
    java.add(System.getProperty("java.class.path"));
    java.add(CliMain.class.getName());
    java.addAll(List.of(args));
    StringBuilder command = new StringBuilder();
    for (String part : java) {
      command.append('\'').append(part).append("' ");
    }
    ProcessBuilder builder =
        new ProcessBuilder("script", "-q", "-e", "-c", command.toString().strip(), "/dev/null");
    builder.directory(temp.toFile());
    builder.environment().put("VIDEOAGENT_HOME", temp.resolve("home").toString());
    builder.environment().put("PIXAZO_BASE_URL", gateway.baseUrl().toString());
    builder.environment().put("PIXAZO_API_KEY", gateway.apiKey());
    builder.environment().put("COLUMNS", "150");
    builder.environment().remove("VIDEOAGENT_SANDBOX");
    builder.redirectErrorStream(true);
    return new Session(builder.start());
  }

  /** A running {@code script} session; its stdin stays open (closing it would end the session). */
  private static final class Session {
    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread reader;
    int exitCode = -1;

    Session(Process process) {
      this.process = process;
      this.reader =
          new Thread(
              () -> {
                try (InputStream in = process.getInputStream()) {
                  byte[] buffer = new byte[4096];
                  for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (output) {
                      output.write(buffer, 0, n);
                    }
                  }
                } catch (IOException e) {
                  // The process ended.
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    String text() {
      synchronized (output) {
        return output.toString(StandardCharsets.UTF_8);
      }
    }

    void awaitOutput(String text, Duration timeout) throws InterruptedException {
      long until = System.nanoTime() + timeout.toNanos();
      while (!text().contains(text)) {
        assertThat(System.nanoTime())
            .as("waiting for '" + text + "' in:\n" + text())
            .isLessThan(until);
        Thread.sleep(100);
      }
    }

    void type(String keys) throws IOException {
      OutputStream in = process.getOutputStream();
      in.write(keys.getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    String finish(Duration timeout) throws Exception {
      boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        process.destroyForcibly();
        throw new AssertionError("the session did not end in time:\n" + text());
      }
      exitCode = process.exitValue();
      reader.join(5_000);
      return text();
    }
  }
}
