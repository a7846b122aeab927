package dev.videoagent.benchmarks.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints the plan of each timed query, written with the WHERE and ORDER BY terms of the
 * repository's own statements (QueryPlanTest in adapters-persistence checks those themselves).
 */
final class Plans {
  private Plans() {}

  static void print(Connection connection, String kind, int size, String deepCursor, Instant now)
      throws SQLException {
    long millis = now.toEpochMilli();
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("get by id", "SELECT * FROM jobs WHERE id = 'vid_00000000000000000000000042'");
    queries.put("list, first page", "SELECT * FROM jobs ORDER BY id DESC LIMIT 21");
    queries.put(
        "list, deep cursor",
        "SELECT * FROM jobs WHERE id < '" + deepCursor + "' ORDER BY id DESC LIMIT 21");
    queries.put(
        "list status=failed",
        "SELECT * FROM jobs WHERE status = 'failed' AND id < '"
            + deepCursor
            + "' ORDER BY id DESC LIMIT 21");
    queries.put(
        "findDueWork",
        "SELECT * FROM jobs WHERE next_check_at IS NOT NULL AND (status <> 'pending' OR"
            + " submit_started_at IS NOT NULL) AND next_check_at <= "
            + millis
            + " ORDER BY next_check_at, id LIMIT 100");
    queries.put(
        "findSubmissionQueue",
        "SELECT * FROM jobs WHERE status = 'pending' AND submit_started_at IS NULL"
            + " ORDER BY id LIMIT 10");
    String explain =
        kind.equals("sqlite") ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, COSTS OFF) ";
    for (Map.Entry<String, String> query : queries.entrySet()) {
      System.out.printf("%n-- %s %d: %s%n", kind, size, query.getKey());
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(explain + query.getValue())) {
        int column = kind.equals("sqlite") ? 4 : 1;
        while (rows.next()) {
          System.out.println("   " + rows.getString(column));
        }
      }
    }
    System.out.println();
  }
}
