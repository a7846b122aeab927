package dev.videoagent.adapters.persistence;

import dev.videoagent.core.testing.TestJobs;
import java.time.Instant;

/**
 * A second process for {@link SqliteDatabaseTest}: opens the database named by its first argument
 * and stores one job with the id given as its second.
 */
final class OpenDatabaseMain {
  private OpenDatabaseMain() {}

  public static void main(String[] args) {
    try (Database database = Database.open(args[0])) {
      database
          .jobs()
          .insert(TestJobs.pending(args[1], "acme", Instant.parse("2026-11-26T10:00:00Z")));
    }
  }
}
