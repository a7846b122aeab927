package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code videoagent db copy} as users run it (into another SQLite file here; into PostgreSQL in the
 * persistence adapter's {@code DatabaseCopyTest} and the three-instance system test).
 */
class DbCopyCommandTest {
  @TempDir Path temp;
  CliHarness cli;

  @BeforeEach
  void start() {
    cli = new CliHarness(temp);
  }

  @AfterEach
  void tearDown() {
    cli.close();
  }

  @Test
  void copiesAndVerifiesThenASecondRunSaysItChangedNothing() {
    CliHarness.Result made = cli.run("generate", "--sandbox", "A job to move", "--wait", "--json");
    assertThat(made.exitCode()).as(made.toString()).isZero();
    assertThat(cli.run("keys", "create", "--tenant", "acme").exitCode()).isZero();
    String target = "jdbc:sqlite:" + temp.resolve("moved.db");

    CliHarness.Result first = cli.run("db", "copy", "--to", target);

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out())
        .containsPattern(
            "jobs +1 rows: +1 copied, +0 already there, checksum [0-9a-f]{16} verified")
        .containsPattern("client_keys +1 rows: +1 copied");
    assertThat(first.err()).startsWith("Copied ").contains("every table verified");

    CliHarness.Result second = cli.run("db", "copy", "--to", target);
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).containsPattern("jobs +1 rows: +0 copied, +1 already there");
    assertThat(second.err()).startsWith("Nothing to copy").contains("changed nothing");

    CliHarness.Result there = cli.run("--db", target, "status", made.id(), "--json");
    assertThat(there.exitCode()).as(there.toString()).isZero();
    assertThat(there.json().path("status").asText()).isEqualTo("completed");
  }

  @Test
  void aTargetThatIsNoDatabaseUrlIsAUsageErrorNamingTheOption() {
    CliHarness.Result result = cli.run("db", "copy", "--to", "postgres://db/videoagent");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("--to must be").doesNotContain("Exception");
  }
}
