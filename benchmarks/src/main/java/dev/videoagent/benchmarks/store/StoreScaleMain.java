package dev.videoagent.benchmarks.store;

import dev.videoagent.adapters.persistence.Database;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Times the stored-job reads at 10 k, 100 k and 1 M jobs, on SQLite and (given a server) on
 * PostgreSQL, through the product's own {@link JobRepository}; prints p50/p99 per size, each size's
 * ratio to the smallest, and the query plans. Not part of any test run:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.videoagent.benchmarks.store.StoreScaleMain \
 *     [--sizes 10000,100000,1000000] [--postgres jdbc:postgresql://…] [--folder DIR]
 * </pre>
 *
 * <p>The fixture is written with one SQL statement per size in one transaction, not through the
 * API: 97 % completed, 1 % failed, 1 % queued and due now, 1 % pending waiting for a slot, so that
 * every due queue grows with the table while each read asks for a fixed batch.
 */
public final class StoreScaleMain {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final int PAGE = 20;
  private static final int DEEP_PAGE = 500;
  private static final int DUE_BATCH = 100;
  private static final int QUEUE_BATCH = 10;
  private static final int CLAIMS = 10;

  private StoreScaleMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int[] sizes =
        Arrays.stream(options.getOrDefault("--sizes", "10000,100000,1000000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int rounds = Integer.parseInt(options.getOrDefault("--rounds", "400"));
    Path folder =
        Path.of(
            options.getOrDefault(
                "--folder", Files.createTempDirectory("videoagent-scale").toString()));
    List<String> databases = new ArrayList<>();
    databases.add("sqlite");
    if (options.containsKey("--postgres")) {
      databases.add("postgresql");
    }
    System.out.printf(
        Locale.ROOT,
        "cores=%d java=%s rounds=%d%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        rounds);
    for (String kind : databases) {
      Map<String, double[]> smallest = null;
      // A first, unreported pass at the smallest size lets the JIT compile the read paths, so
      // that the ratios compare sizes rather than a cold start with a warm one.
      int[] passes = new int[sizes.length + 1];
      passes[0] = -sizes[0];
      System.arraycopy(sizes, 0, passes, 1, sizes.length);
      for (int pass : passes) {
        int size = Math.abs(pass);
        String url = options.get("--postgres");
        if (kind.equals("sqlite")) {
          Path file = folder.resolve("jobs-" + size + ".db");
          for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file + suffix));
          }
          url = "jdbc:sqlite:" + file;
        }
        Map<String, double[]> figures = run(kind, url, size, rounds, pass > 0 && smallest == null);
        if (pass < 0) {
          continue;
        }
        if (smallest == null) {
          smallest = figures;
        }
        for (Map.Entry<String, double[]> figure : figures.entrySet()) {
          double[] base = smallest.get(figure.getKey());
          System.out.printf(
              Locale.ROOT,
              "%-10s %9d  %-28s p50 %8.3f ms  p99 %8.3f ms  p50 ×%.2f of %d%n",
              kind,
              size,
              figure.getKey(),
              figure.getValue()[0],
              figure.getValue()[1],
              figure.getValue()[0] / base[0],
              sizes[0]);
        }
      }
    }
  }

  private static Map<String, double[]> run(
      String kind, String url, int size, int rounds, boolean showPlans) throws SQLException {
    long started = System.nanoTime();
    // Opening migrates the schema; the fixture then goes in beneath the API.
    try (Database database = Database.open(url)) {
      try (Connection connection = DriverManager.getConnection(url)) {
        Fixture.fill(connection, kind, size, NOW);
      }
      System.out.printf(
          Locale.ROOT,
          "%-10s %9d  fixture written in %.1f s%n",
          kind,
          size,
          (System.nanoTime() - started) / 1e9);
      JobRepository jobs = database.jobs();
      String deepCursor;
      String failedDeepCursor;
      try (Connection connection = DriverManager.getConnection(url)) {
        deepCursor = cursorAt(connection, null, size);
        failedDeepCursor = cursorAt(connection, "failed", size / 100);
        if (showPlans || size == 1_000_000) {
          Plans.print(connection, kind, size, deepCursor, NOW);
        }
      }
      SplittableRandom random = new SplittableRandom(size);
      Map<String, double[]> figures = new LinkedHashMap<>();
      figures.put(
          "get by id",
          time(rounds, () -> jobs.findById(Fixture.id(random.nextInt(size))).orElseThrow()));
      figures.put(
          "list, first page",
          time(rounds, () -> jobs.list(new JobQuery(null, null, PAGE, null)).jobs()));
      figures.put(
          "list, page " + DEEP_PAGE,
          time(rounds, () -> jobs.list(new JobQuery(null, null, PAGE, deepCursor)).jobs()));
      figures.put(
          "list status=completed",
          time(
              rounds, () -> jobs.list(new JobQuery(null, JobStatus.COMPLETED, PAGE, null)).jobs()));
      figures.put(
          "list status=failed, deep",
          time(
              rounds,
              () ->
                  jobs.list(new JobQuery(null, JobStatus.FAILED, PAGE, failedDeepCursor)).jobs()));
      figures.put(
          "findDueWork(" + DUE_BATCH + ")", time(rounds, () -> jobs.findDueWork(NOW, DUE_BATCH)));
      figures.put(
          "findSubmissionQueue(" + QUEUE_BATCH + ")",
          time(rounds, () -> jobs.findSubmissionQueue(NOW, QUEUE_BATCH)));
      long[] tick = {0};
      figures.put(
          "claim " + CLAIMS + " due jobs",
          time(
              Math.max(20, rounds / 4),
              () -> {
                // The tracker's round: read the due batch, claim some by compare-and-set. The
                // lease ends before the next round's "now", so claimed jobs come due again and
                // the queue keeps its size.
                Instant now = NOW.plusMillis(++tick[0]);
                List<VideoJob> due = jobs.findDueWork(now, CLAIMS);
                for (VideoJob job : due) {
                  jobs.update(job.claimedUntil(now, now)).orElseThrow();
                }
                return due;
              }));
      return figures;
    }
  }

  /** The id {@code DEEP_PAGE} pages down, or the last full page's start when there are fewer. */
  private static String cursorAt(Connection connection, String status, int matching)
      throws SQLException {
    int offset = Math.max(0, Math.min(DEEP_PAGE * PAGE, matching - PAGE) - 1);
    String where = status == null ? "" : " WHERE status = ?";
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT id FROM jobs" + where + " ORDER BY id DESC LIMIT 1 OFFSET " + offset)) {
      if (status != null) {
        statement.setString(1, status);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }

  /** p50 and p99 in milliseconds of {@code rounds} calls, after a tenth as many unmeasured. */
  private static double[] time(int rounds, Supplier<?> call) {
    for (int i = 0; i < Math.max(10, rounds / 10); i++) {
      call.get();
    }
    long[] nanos = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      Object result = call.get();
      nanos[i] = System.nanoTime() - start;
      if (result == null) {
        throw new IllegalStateException("no result");
      }
    }
    Arrays.sort(nanos);
    return new double[] {
      nanos[rounds / 2] / 1e6, nanos[Math.min(rounds - 1, (int) Math.ceil(rounds * 0.99) - 1)] / 1e6
    };
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  /** Runs a statement that returns nothing. */
  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
