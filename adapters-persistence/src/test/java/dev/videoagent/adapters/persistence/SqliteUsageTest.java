package dev.videoagent.adapters.persistence;

import dev.videoagent.core.DailyCaps;
import dev.videoagent.core.testing.UsageContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The usage contract on one SQLite file, each view through its own connections, as processes. */
class SqliteUsageTest extends UsageContract {
  @TempDir Path folder;
  private final List<Database> opened = new ArrayList<>();

  @Override
  protected Store store(DailyCaps caps) {
    Database database = Database.open("jdbc:sqlite:" + folder.resolve("videoagent.db"));
    opened.add(database);
    return new Store(database.jobs(caps), database.usage());
  }

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }
}
