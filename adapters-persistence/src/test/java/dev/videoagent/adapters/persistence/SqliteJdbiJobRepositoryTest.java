package dev.videoagent.adapters.persistence;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteJdbiJobRepositoryTest extends JdbiJobRepositoryBehaviour {
  @TempDir Path folder;

  @Override
  Database openDatabase() {
    return Database.open("jdbc:sqlite:" + folder.resolve("videoagent.db"));
  }
}
