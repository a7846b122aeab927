package dev.videoagent.adapters.persistence;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Lines up this process's SQLite transactions in arrival order before they reach the file.
 *
 * <p>Every transaction on SQLite begins IMMEDIATE and so takes the one write lock. Left to SQLite,
 * writers that find it taken sleep in its busy handler on a growing schedule (1 ms up to 100 ms
 * each time) and whoever wakes first when it frees wins: under a burst of creates a few of them
 * lose again and again and wait a second or more while the rest pass. Waiting here instead, on a
 * fair lock, each writer goes when the one before it commits. Writers in other processes (the
 * command line beside the service) still meet ours at SQLite's lock, as before.
 *
 * <p>Only {@code inTransaction} (and so {@code useTransaction}) queues; the product begins no
 * transaction by hand, and runs even a single-statement write in one: outside the queue it would
 * meet the queued writers at SQLite's lock, sleep in the busy handler with a pooled connection in
 * hand and lose to each writer that came after it (the gateway's token take did, under a burst of
 * creates: about 200 ms a take). {@link WritesInTransactions} refuses such a write before it runs.
 */
final class SqliteWriterQueue extends DelegatingTransactionHandler {
  private final ReentrantLock writer;
  private final Duration wait;

  /**
   * @param wait how long a transaction waits for its turn before it fails, as SQLite's busy timeout
   *     would have made it
   */
  SqliteWriterQueue(TransactionHandler delegate, Duration wait) {
    this(delegate, new ReentrantLock(true), wait);
  }

  private SqliteWriterQueue(TransactionHandler delegate, ReentrantLock writer, Duration wait) {
    super(delegate);
    this.writer = writer;
    this.wait = wait;
  }

  @Override
  public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
      throws X {
    return inTurn(() -> super.inTransaction(handle, callback));
  }

  @Override
  public <R, X extends Exception> R inTransaction(
      Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
    return inTurn(() -> super.inTransaction(handle, level, callback));
  }

  /** A transaction, run by the delegate once it is this writer's turn. */
  private interface Transaction<R, X extends Exception> {
    R run() throws X;
  }

  private <R, X extends Exception> R inTurn(Transaction<R, X> transaction) throws X {
    awaitTurn();
    try {
      return transaction.run();
    } finally {
      writer.unlock();
    }
  }

  private void awaitTurn() {
    try {
      if (!writer.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new TransactionException(
            "another writer held the SQLite database for more than " + wait.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransactionException("interrupted while waiting to write to SQLite", e);
    }
  }

  /** Each handle gets its own delegate state, all of them the one queue. */
  @Override
  public TransactionHandler specialize(Handle handle) throws SQLException {
    return new SqliteWriterQueue(getDelegate().specialize(handle), writer, wait);
  }
}
