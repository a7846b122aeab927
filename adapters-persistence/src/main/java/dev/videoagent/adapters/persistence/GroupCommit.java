package dev.videoagent.adapters.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionException;

/**
 * Commits the creates that wait at the same moment together, in one SQLite transaction, each in a
 * savepoint of its own; every caller returns (or fails) once the commit that holds its create is
 * done, so an acknowledged create is as durable as before.
 *
 * <p>Why: on SQLite one writer goes at a time, and each create used to pay for a transaction of its
 * own inside that line: the write lock taken and handed on, the same few pages written to the WAL
 * again, and a sync of the file. Under a burst the creates waited for each other mostly in those
 * steps. Here whichever waiting caller gets the turn first writes everything queued by then (up to
 * {@code largestGroup}) and commits once; the others find their create done when their turn comes.
 * A caller alone writes in a transaction of its own, exactly as before, with no savepoint.
 *
 * <p>One create's failure (a duplicate, a daily cap) rolls back to its savepoint and fails that
 * caller alone; a failure of the transaction itself (the commit, the connection) fails every caller
 * in the group, none of whose writes is then stored. A caller that gives up waiting for its turn
 * (after {@code wait}, or interrupted) before its create was taken withdraws it: it is never
 * written after the caller was told it failed.
 */
final class GroupCommit implements CreateWrites {
  private static final String SAVEPOINT = "SAVEPOINT grouped_create";
  private static final String RELEASE = "RELEASE grouped_create";
  private static final String ROLLBACK_TO = "ROLLBACK TO grouped_create";

  private final Jdbi jdbi;
  private final int largestGroup;
  private final Duration wait;

  /** Held by the caller that writes a group; fair, so creates are taken in arrival order. */
  private final ReentrantLock turn = new ReentrantLock(true);

  private final ConcurrentLinkedQueue<Create> waiting = new ConcurrentLinkedQueue<>();

  /**
   * @param largestGroup the most creates one transaction holds, so that no caller waits behind an
   *     unbounded group
   * @param wait how long a caller waits for its turn before it fails, as the writer queue would
   */
  GroupCommit(Jdbi jdbi, int largestGroup, Duration wait) {
    if (largestGroup < 1) {
      throw new IllegalArgumentException("largestGroup must be at least 1, not " + largestGroup);
    }
    this.jdbi = jdbi;
    this.largestGroup = largestGroup;
    this.wait = wait;
  }

  @Override
  public void write(HandleConsumer<RuntimeException> work) {
    Create mine = new Create(work);
    waiting.add(mine);
    boolean interrupted = false;
    boolean myTurn;
    try {
      myTurn = turn.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
      myTurn = false;
    }
    if (myTurn) {
      try {
        // Everything taken before this turn was settled by the writer before it.
        while (!mine.isSettled()) {
          writeGroup();
        }
      } finally {
        turn.unlock();
      }
    } else if (mine.withdraw()) {
      if (interrupted) {
        Thread.currentThread().interrupt();
        throw new TransactionException("interrupted while waiting to write to SQLite");
      }
      throw new TransactionException(
          "the creates ahead held the SQLite database for more than "
              + (wait.toMillis() < 1000 ? wait.toMillis() + " ms" : wait.toSeconds() + " s"));
    } else {
      // Too late to withdraw: a writer has it, and the caller must hear what became of it.
      interrupted |= mine.awaitSettled();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    mine.rethrowFailure();
  }

  private void writeGroup() {
    List<Create> group = new ArrayList<>();
    Create next;
    while (group.size() < largestGroup && (next = waiting.poll()) != null) {
      if (next.take()) {
        group.add(next);
      }
    }
    if (group.isEmpty()) {
      return;
    }
    try {
      jdbi.useTransaction(
          handle -> {
            if (group.size() == 1) {
              group.get(0).work.useHandle(handle);
            } else {
              for (Create create : group) {
                writeInSavepoint(handle, create);
              }
            }
          });
    } catch (RuntimeException e) {
      // A lone create's own failure, or the transaction's: nothing of the group was stored.
      for (Create create : group) {
        create.settle(group.size() == 1 ? e : groupFailed(group.size(), e));
      }
      return;
    } catch (Error e) {
      group.forEach(create -> create.settle(e));
      throw e;
    }
    group.forEach(create -> create.settle(null));
  }

  /**
   * Each caller gets an exception of its own: one instance thrown on many threads would be shared.
   */
  private static TransactionException groupFailed(int creates, RuntimeException cause) {
    return new TransactionException(
        "the transaction of a group of " + creates + " creates was not committed", cause);
  }

  private static void writeInSavepoint(Handle handle, Create create) {
    DirectStatements.update(handle, SAVEPOINT, statement -> {});
    try {
      create.work.useHandle(handle);
    } catch (RuntimeException e) {
      // Undo this create's statements only; should this fail too, the whole group fails.
      DirectStatements.update(handle, ROLLBACK_TO, statement -> {});
      DirectStatements.update(handle, RELEASE, statement -> {});
      create.failed(e);
      return;
    }
    DirectStatements.update(handle, RELEASE, statement -> {});
  }

  /** One caller's create, from queued to settled. */
  private static final class Create {
    private enum State {
      WAITING,
      TAKEN,
      WITHDRAWN
    }

    private final HandleConsumer<RuntimeException> work;
    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
    private final CountDownLatch settled = new CountDownLatch(1);

    /** Its own failure, kept even when the rest of the group commits. */
    private RuntimeException ownFailure;

    /** What the caller hears; written before {@link #settled} opens, read after. */
    private Throwable outcome;

    Create(HandleConsumer<RuntimeException> work) {
      this.work = work;
    }

    boolean take() {
      return state.compareAndSet(State.WAITING, State.TAKEN);
    }

    boolean withdraw() {
      return state.compareAndSet(State.WAITING, State.WITHDRAWN);
    }

    void failed(RuntimeException e) {
      ownFailure = e;
    }

    /**
     * @param groupFailure the transaction's failure, or {@code null} when it committed
     */
    void settle(Throwable groupFailure) {
      outcome = ownFailure != null ? ownFailure : groupFailure;
      settled.countDown();
    }

    boolean isSettled() {
      return settled.getCount() == 0;
    }

    /** Waits however long the writer takes; returns whether the caller was interrupted. */
    boolean awaitSettled() {
      boolean interrupted = false;
      while (true) {
        try {
          settled.await();
          return interrupted;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }

    void rethrowFailure() {
      if (outcome instanceof RuntimeException e) {
        throw e;
      }
      if (outcome instanceof Error e) {
        throw e;
      }
    }
  }
}
