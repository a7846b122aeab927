package dev.videoagent.adapters.persistence;

import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.testing.JobRepositoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The shared contract on a real SQLite file, fresh for each test. */
class SqliteJobRepositoryTest extends JobRepositoryContract {
  @TempDir Path folder;
  private Database database;

  @Override
  protected JobRepository repository() {
    database = Database.open("jdbc:sqlite:" + folder.resolve("videoagent.db"));
    return database.jobs();
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }
}
