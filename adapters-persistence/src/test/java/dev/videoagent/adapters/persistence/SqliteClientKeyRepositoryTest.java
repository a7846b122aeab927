package dev.videoagent.adapters.persistence;

import dev.videoagent.core.port.ClientKeyRepository;
import dev.videoagent.core.testing.ClientKeyRepositoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The shared contract on a real SQLite file, fresh for each test. */
class SqliteClientKeyRepositoryTest extends ClientKeyRepositoryContract {
  @TempDir Path folder;
  private Database database;

  @Override
  protected ClientKeyRepository clientKeys() {
    database = Database.open("jdbc:sqlite:" + folder.resolve("videoagent.db"));
    return database.clientKeys();
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }
}
