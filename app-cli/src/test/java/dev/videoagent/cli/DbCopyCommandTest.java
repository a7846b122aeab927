package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.adapters.persistence.Database;
import dev.videoagent.adapters.persistence.PostgresServer;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.port.EventQuery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code videoagent db copy} as users run it: into another SQLite file, and into a real PostgreSQL
 * server (also in the persistence adapter's {@code DatabaseCopyTest}, past its page size).
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
  @ExtendWith(PostgresServer.Extension.class)
  void copiesJobsKeysAndTheChangeRecordIntoPostgresqlWhoseNewEventsComeAfterTheCopiedOnes(
      PostgresServer server) {
    CliHarness.Result made =
        cli.run("generate", "--sandbox", "A job to move up", "--wait", "--json");
    assertThat(made.exitCode()).as(made.toString()).isZero();
    CliHarness.Result waiting = cli.run("generate", "--sandbox", "Still waiting", "--json");
    assertThat(waiting.exitCode()).as(waiting.toString()).isZero();
    assertThat(cli.run("keys", "create", "--tenant", "acme").exitCode()).isZero();
    String target = server.newDatabaseUrl();
    List<JobEvent> events;
    try (Database source = Database.open("jdbc:sqlite:" + cli.home.resolve("videoagent.db"))) {
      events = source.jobs().events(EventQuery.all(0, EventQuery.MAX_LIMIT));
    }
    long lastSeq = events.get(events.size() - 1).seq();

    CliHarness.Result first = cli.run("db", "copy", "--to", target);

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out())
        .containsPattern(
            "jobs +2 rows: +2 copied, +0 already there, checksum [0-9a-f]{16} verified")
        .containsPattern("client_keys +1 rows: +1 copied")
        .containsPattern(
            "job_events +" + events.size() + " rows: +" + events.size() + " copied, +0 already")
        .contains("job_events.seq continues after " + lastSeq);
    assertThat(first.err()).startsWith("Copied ").contains("every table verified");

    CliHarness.Result second = cli.run("db", "copy", "--to", target);
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out())
        .containsPattern("job_events +" + events.size() + " rows: +0 copied")
        .doesNotContain("continues after");
    assertThat(second.err()).startsWith("Nothing to copy").contains("changed nothing");

    try (Database moved = Database.open(target)) {
      assertThat(moved.jobs().events(EventQuery.all(0, EventQuery.MAX_LIMIT))).isEqualTo(events);
    }
    // The waiting job moves on in the new database; its events follow the copied ones.
    CliHarness.Result canceled = cli.run("--db", target, "cancel", waiting.id());
    assertThat(canceled.exitCode()).as(canceled.toString()).isZero();
    try (Database moved = Database.open(target)) {
      List<JobEvent> now = moved.jobs().events(EventQuery.job(waiting.id(), 0, 100));
      assertThat(now.get(now.size() - 1).seq()).isEqualTo(lastSeq + 1);
    }
  }

  @Test
  void aTargetThatIsNoDatabaseUrlIsAUsageErrorNamingTheOption() {
    CliHarness.Result result = cli.run("db", "copy", "--to", "postgres://db/videoagent");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("--to must be").doesNotContain("Exception");
  }
}
