package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys limit} and {@code usage}, and the daily limit as the command line reports it. */
class UsageCommandTest {
  @TempDir Path temp;
  CliHarness cli;

  @AfterEach
  void close() {
    if (cli != null) {
      cli.close();
    }
  }

  @Test
  void aTenantsDailyLimitStopsTheNextGenerateWithExitCode2AndUsageCountsWhatWasTaken() {
    cli = new CliHarness(temp);
    CliHarness.Result set = cli.run("keys", "limit", "cli", "--daily", "2", "--in-flight", "3");
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.out()).isEqualTo("cli  daily=2  in_flight=3\n");
    assertThat(cli.run("keys", "limit").out()).isEqualTo("cli  daily=2  in_flight=3\n");

    assertThat(cli.run("generate", "--sandbox", "one", "--json").exitCode()).isZero();
    assertThat(cli.run("generate", "--sandbox", "two", "--json").exitCode()).isZero();
    CliHarness.Result refused = cli.run("generate", "--sandbox", "three", "--json");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err())
        .contains("Tenant cli has reached its daily limit of 2 submissions")
        .contains("(00:00 UTC).");
    CliHarness.Result usage = cli.run("usage", "--tenant", "cli", "--json");
    assertThat(usage.exitCode()).as(usage.err()).isZero();
    assertThat(usage.json().get("totals").get("created").asLong()).isEqualTo(2);
    assertThat(usage.json().get("days")).hasSize(30);

    CliHarness.Result table = cli.run("usage", "--tenant", "cli");
    assertThat(table.out()).startsWith("date").contains("total");
    CliHarness.Result bad = cli.run("usage", "--tenant", "cli", "--from", "soon");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--from must be a date as YYYY-MM-DD");

    assertThat(cli.run("keys", "limit", "cli", "--clear").out())
        .isEqualTo("cli  daily=default  in_flight=deployment\n");
    assertThat(cli.run("generate", "--sandbox", "three", "--json").exitCode()).isZero();
  }
}
