package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.StoredClientKey;
import dev.videoagent.core.port.CallTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.LocalTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SQLite file: this process's writers take the write lock one after another, in turn. */
class SqliteWriterQueueTest {
  @TempDir Path folder;

  @Test
  void writersWaitingForTheLockGoInTheOrderTheyCame() throws Exception {
    try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("va.db"))) {
      Jdbi jdbi = database.jdbi();
      jdbi.useHandle(h -> h.execute("CREATE TABLE scratch (writer TEXT NOT NULL)"));
      CountDownLatch release = new CountDownLatch(1);
      List<String> order = new CopyOnWriteArrayList<>();
      Thread holder =
          holdTheLock(jdbi, h -> h.execute("INSERT INTO scratch VALUES ('holder')"), release);

      // Three more: with the holder, every connection of the pool, so each waits for the lock
      // and none for a connection. Each starts once the one before it is waiting.
      List<Thread> waiters = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        String name = "writer " + i;
        Thread waiter =
            thread(
                () ->
                    jdbi.useTransaction(
                        h -> {
                          order.add(name);
                          h.execute("INSERT INTO scratch VALUES (?)", name);
                        }));
        waiter.start();
        awaitWaiting(waiter);
        waiters.add(waiter);
      }
      release.countDown();
      holder.join(10_000);
      for (Thread waiter : waiters) {
        waiter.join(10_000);
      }

      assertThat(order).containsExactly("writer 1", "writer 2", "writer 3");
      assertThat(rows(jdbi)).isEqualTo(4);
    }
  }

  /**
   * A write outside a transaction would meet the queued writers at SQLite's lock and sleep in its
   * busy handler, holding a pooled connection, while every writer queued after it went first: the
   * gateway's token take did so under a burst of creates, 200 ms a take. The repositories' single
   * statement writes are transactions, so they wait their turn like the rest.
   */
  @Test
  void singleStatementWritesWaitTheirTurnAndGoBeforeWritersThatCameLater() throws Exception {
    try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("va.db"))) {
      Jdbi jdbi = database.jdbi();
      CallTokens tokens = database.callTokens(5);
      StoredClientKey key = new StoredClientKey("acme", "a".repeat(64), Instant.EPOCH);
      assertGoesInTurn(jdbi, tokens::tryTake, "SELECT refilled_at FROM gateway_call_rate");
      assertGoesInTurn(
          jdbi, () -> database.clientKeys().add(key), "SELECT count(*) FROM client_keys");
    }
  }

  /**
   * Holds the write lock in a transaction, starts {@code write}, then a later writer, and checks
   * that {@code write} waited on the queue and had committed by the time the later writer ran, by
   * what {@code seen} reads in each.
   */
  private static void assertGoesInTurn(Jdbi jdbi, Runnable write, String seen) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Long> before = new CopyOnWriteArrayList<>();
    List<Long> later = new CopyOnWriteArrayList<>();
    Thread holder =
        holdTheLock(jdbi, h -> before.add(h.createQuery(seen).mapTo(Long.class).one()), release);
    Thread writer = thread(write::run);
    writer.start();
    awaitWaiting(writer);
    Thread laterWriter =
        thread(
            () -> jdbi.useTransaction(h -> later.add(h.createQuery(seen).mapTo(Long.class).one())));
    laterWriter.start();
    awaitWaiting(laterWriter);
    release.countDown();
    for (Thread thread : List.of(holder, writer, laterWriter)) {
      thread.join(10_000);
      assertThat(thread.isAlive()).isFalse();
    }
    assertThat(later).hasSize(1);
    assertThat(later.get(0)).isNotEqualTo(before.get(0));
  }

  @Test
  void manyMoreWritersThanConnectionsAllCommitAndNeverOverlap() throws Exception {
    int writers = 24;
    int each = 25;
    try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("va.db"))) {
      Jdbi jdbi = database.jdbi();
      jdbi.useHandle(h -> h.execute("CREATE TABLE scratch (writer INTEGER NOT NULL)"));
      AtomicInteger inside = new AtomicInteger();
      AtomicInteger mostInside = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int writer = w;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      jdbi.useTransaction(
                          h -> {
                            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            h.execute("INSERT INTO scratch VALUES (?)", writer);
                            inside.decrementAndGet();
                          });
                    }
                  }));
        }
        for (Future<?> future : done) {
          future.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(mostInside.get()).isEqualTo(1);
      assertThat(rows(jdbi)).isEqualTo(writers * each);
    }
  }

  @Test
  void aTransactionInsideATransactionOfTheSameThreadDoesNotWaitForItself() {
    try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("va.db"))) {
      Jdbi jdbi = database.jdbi();
      jdbi.useHandle(h -> h.execute("CREATE TABLE scratch (writer TEXT NOT NULL)"));
      jdbi.useTransaction(
          outer -> {
            outer.execute("INSERT INTO scratch VALUES ('outer')");
            outer.useTransaction(inner -> inner.execute("INSERT INTO scratch VALUES ('inner')"));
          });
      assertThat(rows(jdbi)).isEqualTo(2);
    }
  }

  @Test
  void aWriterThatWaitsLongerThanItsTimeOutFailsSayingWhy() throws Exception {
    try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("va.db"))) {
      Jdbi jdbi = database.jdbi();
      jdbi.setTransactionHandler(
          new SqliteWriterQueue(new LocalTransactionHandler(), Duration.ofMillis(200)));
      CountDownLatch release = new CountDownLatch(1);
      Thread holder = holdTheLock(jdbi, h -> {}, release);
      try {
        assertThatThrownBy(() -> jdbi.useTransaction(h -> h.execute("SELECT 1")))
            .isInstanceOf(TransactionException.class)
            .hasMessageContaining("another writer held the SQLite database");
      } finally {
        release.countDown();
        holder.join(10_000);
      }
    }
  }

  /** What the holding transaction does before it waits. */
  private interface InTransaction {
    void run(Handle handle) throws Exception;
  }

  /**
   * Starts a transaction that runs {@code first} and then holds the write lock until {@code
   * release}; returns its thread once it holds the lock.
   */
  private static Thread holdTheLock(Jdbi jdbi, InTransaction first, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch holding = new CountDownLatch(1);
    Thread holder =
        thread(
            () ->
                jdbi.useTransaction(
                    h -> {
                      first.run(h);
                      holding.countDown();
                      release.await();
                    }));
    holder.start();
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    return holder;
  }

  /** A step that may throw, for a thread whose failure the joins and assertions then show. */
  private interface Step {
    void run() throws Exception;
  }

  private static Thread thread(Step step) {
    return new Thread(
        () -> {
          try {
            step.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static int rows(Jdbi jdbi) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT count(*) FROM scratch").mapTo(int.class).one());
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != Thread.State.TIMED_WAITING
        && thread.getState() != Thread.State.WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(thread.getName() + " never started waiting: " + thread.getState());
      }
      Thread.sleep(5);
    }
  }
}
