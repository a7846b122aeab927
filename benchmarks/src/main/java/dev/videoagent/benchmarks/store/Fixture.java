package dev.videoagent.benchmarks.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Writes {@code size} jobs beneath the API, in one transaction of one statement. */
final class Fixture {
  private Fixture() {}

  /** The id of the {@code index}th job; ids sort in index order, as real (time-ordered) ones do. */
  static String id(int index) {
    return String.format("vid_%026d", index);
  }

  static void fill(Connection connection, String kind, int size, Instant now) throws SQLException {
    boolean postgres = kind.equals("postgresql");
    long nowMillis = now.toEpochMilli();
    connection.setAutoCommit(false);
    if (postgres) {
      // One row trigger per insert would serialize a million updates of the status counters:
      // write the counts once afterwards instead.
      // CASCADE: every table that refers to a job or an event (deliveries, and any added later).
      StoreScaleMain.execute(connection, "TRUNCATE jobs CASCADE");
      StoreScaleMain.execute(connection, "ALTER TABLE jobs DISABLE TRIGGER jobs_counted");
    }
    String rows =
        postgres
            ? "SELECT i, 'vid_' || lpad(i::text, 26, '0') AS id FROM generate_series(0, "
                + (size - 1)
                + ") AS i"
            : "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < "
                + size
                + ") SELECT i, printf('vid_%026d', i) AS id FROM n";
    String status =
        "CASE i % 100 WHEN 97 THEN 'failed' WHEN 98 THEN 'queued' WHEN 99 THEN 'pending'"
            + " ELSE 'completed' END";
    String created = "(" + nowMillis + " - (" + size + " - i) * 1000)";
    StoreScaleMain.execute(
        connection,
        "INSERT INTO jobs (id, tenant, status, attempt, prompt, avatar, voice, orientation,"
            + " callback_url, submit_started_at, gateway_request_id, video_url, content_sha256,"
            + " content_bytes, content_type, error_code, error_message, callback_token,"
            + " callback_registered, idempotency_key, next_check_at, status_reads,"
            + " consecutive_failures, deadline, created_at, updated_at, completed_at, version)"
            + " SELECT id, 'tenant_' || (i % 10), "
            + status
            + ", 1, 'A presenter explains the quarterly figures in a bright studio', 'avatar_1',"
            + " 'voice_1', 'landscape', NULL, NULL,"
            + " CASE WHEN i % 100 = 99 THEN NULL ELSE 'req_' || i END,"
            + " CASE WHEN i % 100 < 97 THEN 'https://cdn.example.com/' || i || '.mp4' END,"
            + " NULL, NULL, NULL,"
            + " CASE WHEN i % 100 = 97 THEN 'gateway_failed' END,"
            + " CASE WHEN i % 100 = 97 THEN 'the gateway gave up' END,"
            + " 'token_' || i, "
            + (postgres ? "false" : "0")
            + ", NULL,"
            // Queued jobs are due (oldest first), pending ones wait for a slot; finished: none.
            + " CASE WHEN i % 100 = 98 THEN "
            + nowMillis
            + " - 60000 + i % 60000 WHEN i % 100 = 99 THEN "
            + created
            + " END,"
            + " 1, 0, "
            + (nowMillis + 3_600_000L)
            + ", "
            + created
            + ", "
            + created
            + ", CASE WHEN i % 100 < 97 THEN "
            + created
            + " + 30000 END, 1 FROM ("
            + rows
            + ") AS numbered");
    if (postgres) {
      StoreScaleMain.execute(connection, "ALTER TABLE jobs ENABLE TRIGGER jobs_counted");
      StoreScaleMain.execute(
          connection,
          "UPDATE job_status_counts c SET jobs = (SELECT count(*) FROM jobs j"
              + " WHERE j.status = c.status)");
    }
    connection.commit();
    connection.setAutoCommit(true);
    if (postgres) {
      // Autovacuum would gather these within a minute of such a load; do not time its absence.
      StoreScaleMain.execute(connection, "VACUUM ANALYZE jobs");
    }
  }
}
