package dev.videoagent.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The connection pool to a PostgreSQL server (HikariCP). Its housekeeping runs on a timer of ours,
 * so that {@link #close()} returns only once that thread has ended too.
 */
final class PostgresPool implements AutoCloseable {
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final HikariDataSource dataSource;
  private final ScheduledThreadPoolExecutor housekeeping;

  private PostgresPool(HikariDataSource dataSource, ScheduledThreadPoolExecutor housekeeping) {
    this.dataSource = dataSource;
    this.housekeeping = housekeeping;
  }

  /** Connections kept open while idle: a CLI run needs one or two; the pool grows on demand. */
  private static final int MINIMUM_IDLE = 2;

  static PostgresPool open(DatabaseUrl url, int maximumSize) {
    AtomicInteger threads = new AtomicInteger();
    ScheduledThreadPoolExecutor housekeeping =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread =
                  new Thread(task, "videoagent-postgresql-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    housekeeping.setRemoveOnCancelPolicy(true);
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("videoagent-postgresql");
    pool.setDriverClassName("org.postgresql.Driver");
    pool.setJdbcUrl(url.jdbcUrl());
    pool.setUsername(url.user());
    pool.setPassword(url.password());
    pool.addDataSourceProperty("ApplicationName", "videoagent");
    pool.setMaximumPoolSize(maximumSize);
    pool.setMinimumIdle(Math.min(MINIMUM_IDLE, maximumSize));
    pool.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
    pool.setScheduledExecutor(housekeeping);
    try {
      return new PostgresPool(new HikariDataSource(pool), housekeeping);
    } catch (RuntimeException e) {
      housekeeping.shutdownNow();
      throw e;
    }
  }

  DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
    housekeeping.shutdownNow();
    try {
      housekeeping.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
