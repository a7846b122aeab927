package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

@Timeout(30)
class HostDataSourceTest {
  @TempDir Path home;

  @Test
  void runsOnTheHostsOwnDataSourceAndLeavesItOpen() throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(10_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource host = new SQLiteDataSource(config);
    Path file = home.resolve("host-app.db");
    host.setUrl("jdbc:sqlite:" + file);

    Video done;
    try (VideoAgent agent = TestAgents.sandboxed(home).database(host).build()) {
      Video job = agent.submit("A video stored in the host's own database");
      done = agent.await(job.id(), Duration.ofSeconds(20)).videoOrThrow();
    }

    assertThat(done.status()).isEqualTo(VideoStatus.COMPLETED);
    assertThat(Files.exists(file)).isTrue();
    assertThat(Files.exists(home.resolve("videoagent.db"))).as("no database of our own").isFalse();
    try (Connection connection = host.getConnection()) {
      var rows =
          connection
              .createStatement()
              .executeQuery("SELECT status FROM jobs WHERE id = '" + done.id() + "'");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("completed");
    }
  }
}
