package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code videoagent events}: the change record printed, driving the jobs with no service. */
class EventsCommandTest {
  @TempDir Path temp;
  CliHarness cli;
  SandboxGateway sandbox;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(temp);
    sandbox = cli.remoteSandbox(Duration.ofMillis(300));
  }

  @AfterEach
  void tearDown() {
    cli.close();
  }

  @Test
  void aJobsEventsArePrintedAsJsonLinesUntilItIsStored() throws Exception {
    String id = submit("Watch my events");

    CliHarness.Result result = cli.run("events", id, "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<JsonNode> lines = result.jsonLines();
    assertThat(lines)
        .extracting(l -> l.get("type").asText())
        .endsWith("video.completed", "video.stored")
        .doesNotHaveDuplicates();
    assertThat(lines).allMatch(l -> l.at("/data/id").asText().equals(id));
    assertThat(lines.get(lines.size() - 1).at("/data/content/sha256").asText()).isNotEmpty();

    // Run again on the settled job: its current state, then the end.
    CliHarness.Result again = cli.run("events", id);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out().lines().toList())
        .singleElement()
        .satisfies(line -> assertThat(line).contains("video.stored").endsWith(id));
  }

  @Test
  void aFailedJobsEventsEndWithExitOne() {
    String id = submit("This one will [fail]");

    CliHarness.Result result = cli.run("events", id);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.out().lines().toList()).last().asString().contains("video.failed");
    assertThat(result.err()).isNotEmpty();
  }

  @Test
  void withoutAnIdEveryNewEventIsPrintedUntilTheTimeout() {
    String first = submit("First of two");
    String second = submit("Second of two");

    CliHarness.Result result = cli.run("events", "--json", "--timeout", "6s");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> stored =
        result.jsonLines().stream()
            .filter(l -> l.get("type").asText().equals("video.stored"))
            .map(l -> l.at("/data/id").asText())
            .toList();
    assertThat(stored).containsExactlyInAnyOrder(first, second);
  }

  @Test
  void anUnknownJobExitsTwo() {
    CliHarness.Result result = cli.run("events", "vid_NOPE");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("No job vid_NOPE was found.\n");
  }

  private String submit(String prompt) {
    CliHarness.Result result = cli.run("generate", prompt, "--json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.id();
  }
}
