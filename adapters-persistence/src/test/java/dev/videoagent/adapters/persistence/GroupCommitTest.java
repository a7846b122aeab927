package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creates committed in groups, on a real SQLite file, with more writers than a group holds: each
 * caller returns once its own write is committed, or fails with its own failure, and a write whose
 * caller was told it failed is never stored.
 */
@Timeout(60)
class GroupCommitTest {
  private static final int LARGEST_GROUP = 8;

  @TempDir Path folder;
  private Database database;
  private Jdbi jdbi;
  private ExecutorService writers;

  /** The writes each transaction (each handle) ran, by handle. */
  private final Map<Handle, List<Integer>> groups =
      Collections.synchronizedMap(new IdentityHashMap<>());

  @BeforeEach
  void open() {
    database = Database.open("jdbc:sqlite:" + folder.resolve("va.db"));
    jdbi = database.jdbi();
    jdbi.useHandle(
        h -> {
          h.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, part TEXT NOT NULL)");
          h.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
          h.execute(
              "CREATE TABLE child (id INTEGER PRIMARY KEY,"
                  + " parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
        });
    writers = Executors.newFixedThreadPool(64);
  }

  @AfterEach
  void close() throws Exception {
    writers.shutdownNow();
    writers.awaitTermination(10, TimeUnit.SECONDS);
    database.close();
  }

  @Test
  void everyCallerReturnsOnceItsOwnWriteIsCommittedAndGroupsStayWithinTheirSize() throws Exception {
    GroupCommit commits = new GroupCommit(jdbi, LARGEST_GROUP, Duration.ofSeconds(10));
    int callers = 64;
    int writesEach = 20;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int caller = c;
      done.add(
          writers.submit(
              () -> {
                start.await();
                for (int w = 0; w < writesEach; w++) {
                  int id = caller * writesEach + w;
                  commits.write(twoRows(id));
                  // Committed before the caller hears of it: another connection sees both rows.
                  assertThat(rowsOf(id)).isEqualTo(2);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> each : done) {
      each.get();
    }

    int writes = callers * writesEach;
    assertThat(count("SELECT count(*) FROM scratch")).isEqualTo(2 * writes);
    assertThat(groups.values().stream().mapToInt(List::size).sum()).isEqualTo(writes);
    assertThat(groups.values()).allMatch(group -> group.size() <= LARGEST_GROUP);
    // Writers that wait together share commits: far fewer transactions than writes.
    assertThat(groups).hasSizeLessThan(writes / 2);
  }

  @Test
  void aFailingWriteFailsItsOwnCallerAloneAndLeavesNoneOfItsRows() throws Exception {
    GroupCommit commits = new GroupCommit(jdbi, LARGEST_GROUP, Duration.ofSeconds(10));
    int callers = 40;
    List<Future<?>> done = new ArrayList<>();
    Map<Integer, Throwable> failures = new ConcurrentHashMap<>();
    CountDownLatch othersQueued = new CountDownLatch(1);
    // The first write holds the turn while the others queue up behind it, so that they are
    // written in groups, refusals among them.
    Future<?> first = holdTheTurn(commits, othersQueued);
    for (int id = 1; id < callers; id++) {
      int mine = id;
      done.add(
          writers.submit(
              () -> {
                try {
                  commits.write(mine % 4 == 0 ? refused(mine) : twoRows(mine));
                } catch (RuntimeException e) {
                  failures.put(mine, e);
                }
                return null;
              }));
    }
    Thread.sleep(300);
    othersQueued.countDown();
    first.get();
    for (Future<?> each : done) {
      each.get();
    }

    for (int id = 0; id < callers; id++) {
      if (id % 4 == 0 && id > 0) {
        assertThat(failures.get(id))
            .as("write %d", id)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("refused " + id);
        assertThat(rowsOf(id)).as("rows of write %d", id).isZero();
      } else {
        assertThat(failures).doesNotContainKey(id);
        assertThat(rowsOf(id)).as("rows of write %d", id).isEqualTo(2);
      }
    }
    assertThat(groups.values()).anyMatch(group -> group.size() > 1);
  }

  @Test
  void whenTheCommitFailsEveryCallerOfTheGroupFailsAndNoneOfItsWritesIsStored() throws Exception {
    GroupCommit commits = new GroupCommit(jdbi, LARGEST_GROUP, Duration.ofSeconds(10));
    CountDownLatch othersQueued = new CountDownLatch(1);
    Future<?> first = holdTheTurn(commits, othersQueued);
    Thread.sleep(100);
    List<Future<?>> group = new ArrayList<>();
    for (int id = 1; id < LARGEST_GROUP; id++) {
      int mine = id;
      // One child without its parent: the deferred key fails the commit, not the statement.
      HandleConsumer<RuntimeException> work =
          mine == 3
              ? h -> h.execute("INSERT INTO child (id, parent) VALUES (?, 999)", mine)
              : twoRows(mine);
      group.add(writers.submit(() -> commits.write(work)));
    }
    Thread.sleep(300);
    othersQueued.countDown();
    first.get();

    for (Future<?> each : group) {
      assertThatThrownBy(each::get)
          .cause()
          .isInstanceOf(TransactionException.class)
          .hasMessageContaining("a group of 7 creates was not committed");
    }
    for (int id = 1; id < LARGEST_GROUP; id++) {
      assertThat(rowsOf(id)).isZero();
    }
    assertThat(count("SELECT count(*) FROM child")).isZero();
    // The connection went back clean: the next write commits.
    commits.write(twoRows(100));
    assertThat(rowsOf(100)).isEqualTo(2);
  }

  @Test
  void aCallerThatGivesUpBeforeItsTurnIsNeverWritten() throws Exception {
    GroupCommit commits = new GroupCommit(jdbi, LARGEST_GROUP, Duration.ofMillis(200));
    CountDownLatch release = new CountDownLatch(1);
    Future<?> holder = holdTheTurn(commits, release);
    Thread.sleep(100);

    assertThatThrownBy(() -> commits.write(twoRows(1)))
        .isInstanceOf(TransactionException.class)
        .hasMessageContaining("more than 200 ms");
    AtomicReference<Throwable> interruptedFailure = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread interrupted =
        new Thread(
            () -> {
              try {
                commits.write(twoRows(2));
              } catch (RuntimeException e) {
                interruptedFailure.set(e);
              }
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
    interrupted.start();
    interrupted.interrupt();
    interrupted.join(5_000);
    release.countDown();
    holder.get();
    commits.write(twoRows(3));

    assertThat(interruptedFailure.get())
        .isInstanceOf(TransactionException.class)
        .hasMessageContaining("interrupted");
    assertThat(stillInterrupted.get()).isTrue();
    assertThat(rowsOf(0)).isEqualTo(2);
    assertThat(rowsOf(1)).isZero();
    assertThat(rowsOf(2)).isZero();
    assertThat(rowsOf(3)).isEqualTo(2);
  }

  @Test
  void aLoneWriteRunsOnItsCallersThreadInATransactionOfItsOwn() {
    GroupCommit commits = new GroupCommit(jdbi, LARGEST_GROUP, Duration.ofSeconds(10));
    Thread caller = Thread.currentThread();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    commits.write(
        h -> {
          ranOn.set(Thread.currentThread());
          twoRows(7).useHandle(h);
        });
    assertThat(ranOn.get()).isSameAs(caller);
    assertThat(rowsOf(7)).isEqualTo(2);
    assertThatThrownBy(() -> commits.write(refused(8))).hasMessage("refused 8");
    assertThat(rowsOf(8)).isZero();
  }

  /** Write 0, which holds the turn (and keeps its group open) until {@code release} opens. */
  private Future<?> holdTheTurn(GroupCommit commits, CountDownLatch release) {
    return writers.submit(
        () -> {
          commits.write(
              h -> {
                twoRows(0).useHandle(h);
                awaitQuietly(release);
              });
          return null;
        });
  }

  /** Two rows, so that a refusal after the first shows whether the savepoint undid it. */
  private HandleConsumer<RuntimeException> twoRows(int id) {
    return h -> {
      groups.computeIfAbsent(h, x -> Collections.synchronizedList(new ArrayList<>())).add(id);
      DirectStatements.update(
          h,
          "INSERT INTO scratch (id, part) VALUES (?, 'first')",
          statement -> statement.setInt(1, 2 * id));
      DirectStatements.update(
          h,
          "INSERT INTO scratch (id, part) VALUES (?, 'second')",
          statement -> statement.setInt(1, 2 * id + 1));
    };
  }

  private HandleConsumer<RuntimeException> refused(int id) {
    return h -> {
      twoRows(id).useHandle(h);
      throw new IllegalStateException("refused " + id);
    };
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private int count(String sql) {
    return jdbi.withHandle(h -> h.select(sql).mapTo(int.class).one());
  }

  private int rowsOf(int id) {
    return jdbi.withHandle(
        h ->
            h.select("SELECT count(*) FROM scratch WHERE id IN (?, ?)", 2 * id, 2 * id + 1)
                .mapTo(int.class)
                .one());
  }
}
