package dev.videoagent.adapters.persistence;

import dev.videoagent.core.testing.WebhookRepositoryContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The outbox contract on a real SQLite file; "another process" opens the same file again. */
class SqliteWebhookRepositoryTest extends WebhookRepositoryContract {
  @TempDir Path folder;
  private final List<Database> opened = new ArrayList<>();

  @Override
  protected Stores stores() {
    return open();
  }

  @Override
  protected Stores another() {
    return open();
  }

  private Stores open() {
    Database database = Database.open("jdbc:sqlite:" + folder.resolve("videoagent.db"));
    opened.add(database);
    return new Stores(database.jobs(), database.webhooks());
  }

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }
}
