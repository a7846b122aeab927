package dev.videoagent.adapters.persistence;

import dev.videoagent.core.port.CallTokens;
import dev.videoagent.core.testing.CallTokensContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The shared call rate on one SQLite file, each view through its own connections to it. */
class SqliteCallTokensTest extends CallTokensContract {
  @TempDir Path folder;
  private final List<Database> opened = new ArrayList<>();

  @Override
  protected CallTokens tokens(double perSecond) {
    Database database = Database.open("jdbc:sqlite:" + folder.resolve("videoagent.db"));
    opened.add(database);
    return database.callTokens(perSecond);
  }

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }
}
