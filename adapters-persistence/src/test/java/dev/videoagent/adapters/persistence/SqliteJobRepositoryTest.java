package dev.videoagent.adapters.persistence;

import dev.videoagent.core.port.EventPayloads;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.testing.JobRepositoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The shared contract on a real SQLite file, fresh for each test. */
class SqliteJobRepositoryTest extends JobRepositoryContract {
  @TempDir Path folder;
  private Database database;
  private EventPayloads payloads;

  @Override
  protected JobRepository repository(EventPayloads payloads) {
    this.payloads = payloads;
    database = Database.open(url(), payloads);
    return database.jobs();
  }

  @Override
  protected JobRepository reopened() {
    database.close();
    database = Database.open(url(), payloads);
    return database.jobs();
  }

  private String url() {
    return "jdbc:sqlite:" + folder.resolve("videoagent.db");
  }

  @Override
  protected void fanOutEverything() {
    var webhooks = database.webhooks();
    var events = webhooks.eventsToFanOut(1000);
    webhooks.recordFanOut(events, java.util.List.of(), java.time.Instant.now());
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }
}
