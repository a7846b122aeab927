package dev.videoagent.adapters.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings the schema up to date when a database is opened. */
final class Migrations {
  private static final Duration LOCK_WAIT = Duration.ofMinutes(2);
  private static final long LOCK_POLL_MILLIS = 25;

  private Migrations() {}

  /**
   * Applies the pending migrations of {@code url}'s dialect. For PostgreSQL Flyway serializes
   * concurrent runs with an advisory lock. For SQLite its lock is a no-op: two processes opening a
   * new file at once are kept apart only because Flyway happens to run in one transaction and our
   * connections begin transactions IMMEDIATE (with DEFERRED ones they fail with SQLITE_BUSY). A
   * lock file beside the database makes that independent of Flyway's internals.
   */
  @SuppressWarnings("try") // the lock is held, not used, for the duration of the block
  static void apply(DataSource dataSource, DatabaseUrl url) {
    // Nearly every open finds the schema current: one query then spares Flyway's start-up.
    if (SchemaVersions.isCurrent(dataSource, url.dialect().migrationFolder())) {
      return;
    }
    Flyway flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(url.dialect().migrationLocation())
            .failOnMissingLocations(true)
            // Its progress is ours to tell, and a library must not fill its host's log at INFO.
            .loggers(QuietFlywayLog.class.getName())
            .load();
    if (url.sqliteFile() == null) {
      flyway.migrate();
      return;
    }
    Path lockFile = url.sqliteFile().resolveSibling(url.sqliteFile().getFileName() + ".lock");
    try (FileChannel channel = OwnerOnly.openForWriting(lockFile);
        FileLock lock = acquire(channel, lockFile)) {
      flyway.migrate();
    } catch (IOException e) {
      throw new UncheckedIOException("could not use the migration lock " + lockFile, e);
    }
  }

  private static FileLock acquire(FileChannel channel, Path lockFile) throws IOException {
    long giveUpAt = System.nanoTime() + LOCK_WAIT.toNanos();
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException heldInThisJvm) {
        // Another Database of this process is migrating the same file: wait like for a process.
      }
      if (System.nanoTime() - giveUpAt > 0) {
        throw new IllegalStateException(
            "another process has held the migration lock "
                + lockFile
                + " for over "
                + LOCK_WAIT.toMinutes()
                + " minutes");
      }
      try {
        Thread.sleep(LOCK_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + lockFile, e);
      }
    }
  }
}
