package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.assembly.config.Setting;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
  @TempDir Path temp;
  CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(temp);
  }

  @AfterEach
  void tearDown() {
    cli.close();
  }

  @Test
  void waitsAndWritesThePlayableVideoWithTheStoredChecksum() throws Exception {
    Path out = cli.workDir.resolve("out.mp4");

    CliHarness.Result result =
        cli.run(
            "generate",
            "--sandbox",
            "A 30-second product demo",
            "--wait",
            "-o",
            out.toString(),
            "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    byte[] video = Files.readAllBytes(out);
    assertThat(Arrays.copyOfRange(video, 4, 8))
        .isEqualTo("ftyp".getBytes(StandardCharsets.US_ASCII));
    assertThat(video).hasSize(CliHarness.CLIP.length).isEqualTo(CliHarness.CLIP);
    JsonNode job = result.json();
    assertThat(job.get("status").asText()).isEqualTo("completed");
    assertThat(job.at("/content/sha256").asText()).isEqualTo(VideoFiles.sha256(out));
    assertThat(job.at("/content/bytes").asLong()).isEqualTo(video.length);
    // Nothing but the document on stdout; no leftovers of the temporary copy.
    try (Stream<Path> files = Files.list(cli.workDir)) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void jsonIsExactlyOneDocumentWithEveryContractField() {
    CliHarness.Result result =
        cli.run(
            "generate",
            "--sandbox",
            "Welcome to the team",
            "--orientation",
            "portrait",
            "--avatar",
            "Daisy-inskirt-20220818",
            "--metadata",
            "campaign=onboarding",
            "--metadata",
            "team=sales",
            "--wait",
            "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode job = result.json();
    assertThat(job.fieldNames())
        .toIterable()
        .contains(
            "id",
            "status",
            "prompt",
            "avatar",
            "voice",
            "orientation",
            "metadata",
            "gateway_request_id",
            "video_url",
            "content",
            "error",
            "created_at",
            "updated_at",
            "completed_at");
    assertThat(job.get("id").asText()).startsWith("vid_");
    assertThat(job.get("prompt").asText()).isEqualTo("Welcome to the team");
    assertThat(job.get("avatar").asText()).isEqualTo("Daisy-inskirt-20220818");
    assertThat(job.get("voice").asText()).isEqualTo("auto");
    assertThat(job.get("orientation").asText()).isEqualTo("portrait");
    assertThat(job.at("/metadata/campaign").asText()).isEqualTo("onboarding");
    assertThat(job.at("/metadata/team").asText()).isEqualTo("sales");
    assertThat(job.get("gateway_request_id").asText()).startsWith("heygen-video-agent_");
    assertThat(job.get("video_url").asText()).startsWith("http://127.0.0.1:");
    assertThat(job.get("content").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("sha256", "bytes", "content_type");
    assertThat(job.at("/content/content_type").asText()).isEqualTo("video/mp4");
    assertThat(job.get("error").isNull()).isTrue();
    assertThat(job.get("completed_at").asText()).endsWith("Z");
    // --json and no terminal: nothing extra anywhere, not even progress on stderr.
    assertThat(result.err()).isEmpty();
  }

  @Test
  void aFailedJobExitsOneWithItsErrorCodeOnStderr() {
    CliHarness.Result result = cli.run("generate", "--sandbox", "Make it [fail] please", "--wait");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains("failed: gateway_failed:");
    assertThat(result.out()).contains("status:      failed");
  }

  @Test
  void aRefusedKeyExitsTwoNamingTheVariableAndNeverPrintsTheKey() {
    SandboxGateway sandbox = cli.startSandbox(Duration.ofMillis(300));
    String key = "bad-key-7f3a9c1e55";

    CliHarness.Result result =
        cli.run(
            "generate",
            "A product demo",
            "--api-key",
            key,
            "--base-url",
            sandbox.baseUrl().toString(),
            "--wait");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("PIXAZO_API_KEY");
    assertThat(result.out() + result.err()).doesNotContain(key);
    assertThat(sandbox.stats().acceptedSubmissions()).isZero();
  }

  @Test
  void anEmptyPromptExitsTwoNamingThePrompt() {
    CliHarness.Result result = cli.run("generate", "--sandbox", "   ");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("prompt").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void badFlagsAndValuesExitTwoWithOneClearSentence() {
    CliHarness.Result unknown = cli.run("generate", "--sandbox", "Hello", "--bogus");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("--bogus").contains("generate --help");

    CliHarness.Result orientation =
        cli.run("generate", "--sandbox", "Hello", "--orientation", "diagonal");
    assertThat(orientation.exitCode()).isEqualTo(2);
    assertThat(orientation.err()).contains("orientation must be \"landscape\" or \"portrait\"");

    CliHarness.Result timeout = cli.run("generate", "--sandbox", "Hello", "--timeout", "soon");
    assertThat(timeout.exitCode()).isEqualTo(2);
    assertThat(timeout.err()).contains("--timeout").contains("90s");

    CliHarness.Result missing = cli.run("generate");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("PROMPT");
  }

  @Test
  void aMissingKeyOutsideTheSandboxExitsTwoNamingIt() {
    CliHarness.Result result = cli.run("generate", "A product demo");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("PIXAZO_API_KEY is not set");
    assertThat(cli.injectorsBuilt).hasValue(0);
  }

  @Test
  void anUnreachableGatewayExitsThreeAndKeepsTheJobPending() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    cli.env.put(Setting.PIXAZO_API_KEY.variable(), "some-key-123");
    cli.env.put(Setting.PIXAZO_BASE_URL.variable(), "http://127.0.0.1:" + closedPort);

    CliHarness.Result result = cli.run("generate", "A product demo", "--wait", "--json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err())
        .contains("Could not reach the gateway at http://127.0.0.1:" + closedPort)
        .contains("videoagent wait " + result.id());
    assertThat(result.json().get("status").asText()).isEqualTo("pending");

    // Without --wait the job is stored all the same: exit 0, and a word on stderr.
    CliHarness.Result later = cli.run("generate", "Another demo", "--json");
    assertThat(later.exitCode()).isZero();
    assertThat(later.json().get("status").asText()).isEqualTo("pending");
    assertThat(later.err()).contains("did not take job");

    // Waiting for it notices the same, instead of waiting for ever.
    CliHarness.Result waited = cli.run("wait", later.id());
    assertThat(waited.exitCode()).as(waited.toString()).isEqualTo(3);
    assertThat(waited.err()).contains("Could not reach the gateway").contains("is kept (pending)");
  }

  @Test
  void withoutWaitItReturnsAtOnceAndTheNextLookFinishesTheJob() {
    SandboxGateway sandbox = cli.remoteSandbox(Duration.ofMillis(300));

    CliHarness.Result created = cli.run("generate", "Left alone", "--json");

    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.json().get("status").asText()).isEqualTo("queued");
    assertThat(created.err()).contains("videoagent wait " + created.id());
    String id = created.id();
    // Nobody waits and no service runs: the next 'status' after the job is due finishes it.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                cli.run("status", id, "--json").json().get("status").asText().equals("completed"));
    JsonNode job = cli.run("status", id, "--json").json();
    assertThat(job.at("/content/sha256").asText()).hasSize(64);
    Path stored =
        cli.home.resolve("videos").resolve(id.substring(id.length() - 2)).resolve(id + ".mp4");
    assertThat(stored).exists().hasBinaryContent(CliHarness.CLIP);
    assertThat(sandbox.stats().acceptedSubmissionsFor("Left alone")).isEqualTo(1);
  }

  @Test
  void aJobLeftWithTheInProcessSandboxIsFinishedByALaterSandboxCommand() throws Exception {
    CliHarness.Result result = cli.run("generate", "--sandbox", "Not waited for", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    String id = result.json().get("id").asText();
    assertThat(result.json().get("status").asText()).isEqualTo("queued");
    assertThat(result.err()).contains("Follow it with: videoagent wait " + id);

    CliHarness.Result later = cli.run("wait", id, "--sandbox", "--json");

    assertThat(later.exitCode()).as(later.toString()).isZero();
    assertThat(later.json().get("status").asText()).isEqualTo("completed");
    assertThat(later.json().get("content").isNull()).isFalse();
  }

  @Test
  void theSameIdempotencyKeyGivesTheSameJobAndOneSubmission() {
    SandboxGateway sandbox = cli.remoteSandbox(Duration.ofMillis(300));

    String first = cli.run("generate", "Keyed", "--idempotency-key", "k-1", "--json").id();
    String second = cli.run("generate", "Keyed", "--idempotency-key", "k-1", "--json").id();
    CliHarness.Result conflict = cli.run("generate", "Other", "--idempotency-key", "k-1");

    assertThat(second).isEqualTo(first);
    assertThat(sandbox.stats().acceptedSubmissionsFor("Keyed")).isEqualTo(1);
    assertThat(conflict.exitCode()).isEqualTo(2);
    assertThat(conflict.err()).contains("idempotency key").contains(first);
  }

  @Test
  void theProductionWiringAndPollingScheduleFinishTheJob() {
    // Everything as shipped (Wiring.injector, first status read after about 5 s) except that
    // the in-process sandbox finishes in 300 ms.
    cli.fastPolling = false;

    CliHarness.Result result =
        cli.run("generate", "--sandbox", "Shipped wiring", "--wait", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.json().get("status").asText()).isEqualTo("completed");
    assertThat(result.json().at("/content/bytes").asLong()).isEqualTo(CliHarness.CLIP.length);
  }
}
