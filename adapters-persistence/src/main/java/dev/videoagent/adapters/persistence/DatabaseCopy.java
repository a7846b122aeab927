package dev.videoagent.adapters.persistence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Copies every job, its metadata, every client key (idempotency keys are columns of the jobs) and
 * the change record ({@code job_events}, seq numbers kept, so a client resuming an event stream
 * with {@code Last-Event-ID} on the target misses nothing) from one videoagent database into
 * another: SQLite to PostgreSQL when a deployment moves up, or any other pair. It is safe to run
 * again: a row the target already holds as it is in the source is left alone, and a target that
 * holds <em>different</em> data under a source row's key is refused before anything is written (one
 * transaction on the target). Afterwards every copied table is verified by reading it back: as many
 * target rows as source rows, with the same checksum. On PostgreSQL, a copied table's identity (or
 * serial) sequence is then moved past the highest value copied, so the target's own new rows (new
 * events) get higher numbers than every copied one.
 *
 * <p>Every table of the schema is listed once in {@link #TABLES}, saying how it is handled; a
 * source holding a table that is not listed is refused, so a table added later is never silently
 * left behind. The writers (services, command lines) should be stopped while it runs: a job that
 * changes during the copy fails the verification.
 */
public final class DatabaseCopy {
  /** What the copy does with a table. */
  enum Handling {
    /** Every row is copied and verified. */
    COPIED,
    /** The target computes it itself (a trigger); checked against what it is computed from. */
    DERIVED,
    /** Not moved: state of the running deployment, or the target's own bookkeeping. */
    NOT_COPIED
  }

  /**
   * How one table is handled.
   *
   * @param key the columns that identify a row, for {@link Handling#COPIED} tables
   * @param why for tables that are not copied
   */
  record Table(String name, Handling handling, List<String> key, String why) {}

  /**
   * Every table of the schema, once, in the order they are copied (parents before children). A
   * table a migration adds is one line here: {@code new Table("name", Handling.COPIED, List.of("its
   * key columns"), null)}, or {@code NOT_COPIED} with the reason; {@code DatabaseCopyTest} fails
   * while a table of the migrated schema is missing from the list.
   */
  static final List<Table> TABLES =
      List.of(
          new Table("jobs", Handling.COPIED, List.of("id"), null),
          new Table("job_metadata", Handling.COPIED, List.of("job_id", "key"), null),
          new Table("client_keys", Handling.COPIED, List.of("key_hash"), null),
          new Table("usage_days", Handling.COPIED, List.of("tenant", "day"), null),
          new Table("usage_failures", Handling.COPIED, List.of("tenant", "day", "code"), null),
          new Table("tenant_limits", Handling.COPIED, List.of("tenant"), null),
          new Table(
              "job_status_counts",
              Handling.DERIVED,
              List.of(),
              "kept by a trigger on jobs in the target; checked against the target's jobs"),
          new Table("job_events", Handling.COPIED, List.of("seq"), null),
          new Table("webhook_secrets", Handling.COPIED, List.of("tenant"), null),
          new Table("webhook_endpoints", Handling.COPIED, List.of("id"), null),
          // The outbox moves too: a delivery still pending is sent by the new deployment, so a
          // move loses none (the events it belongs to are copied as already fanned out).
          new Table("webhook_deliveries", Handling.COPIED, List.of("id"), null),
          new Table(
              "job_durations",
              Handling.NOT_COPIED,
              List.of(),
              "the duration history: a decayed summary that the target learns again from its own"
                  + " next few dozen completions (until then, the schedule without history)"),
          new Table(
              "gateway_call_rate",
              Handling.NOT_COPIED,
              List.of(),
              "the gateway call rate's tokens: live state that refills by itself"),
          new Table(
              "flyway_schema_history",
              Handling.NOT_COPIED,
              List.of(),
              "the target's schema history, written when it was migrated"));

  private static final int PAGE = 500;

  private DatabaseCopy() {}

  /**
   * One copied table's figures.
   *
   * @param rows rows in the source
   * @param copied rows written to the target by this run
   * @param alreadyThere rows the target held already, equal to the source's
   * @param checksum of the source's rows, equal to the target's (verified)
   */
  public record TableCopy(
      String table, long rows, long copied, long alreadyThere, String checksum) {}

  /**
   * What a copy did, table by table.
   *
   * @param sequences the target's sequences this run moved on, each as "table.column continues
   *     after N"; empty when none had to move
   */
  public record Report(List<TableCopy> tables, List<String> sequences) {
    public Report {
      tables = List.copyOf(tables);
      sequences = List.copyOf(sequences);
    }

    /** Whether the target held every row already: this run wrote nothing. */
    public boolean changedNothing() {
      return tables.stream().allMatch(table -> table.copied() == 0) && sequences.isEmpty();
    }
  }

  /** The target holds other data under a key the source uses: nothing was written. */
  public static final class TargetDiffers extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TargetDiffers(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Copies {@code source} into {@code target} (both open, hence migrated) and verifies the result.
   *
   * @throws TargetDiffers when the target holds different data for a source row, or a table the
   *     source has is not one the copy knows; nothing was written
   * @throws IllegalStateException when the verification fails after the copy
   */
  public static Report copy(Database source, Database target) {
    try {
      return copyAndVerify(source, target);
    } catch (SQLException e) {
      throw new IllegalStateException("db copy failed: " + e.getMessage(), e);
    }
  }

  private static Report copyAndVerify(Database source, Database target) throws SQLException {
    List<String> unknown =
        source.jdbi().withHandle(handle -> unknownTables(handle.getConnection()));
    if (!unknown.isEmpty()) {
      throw new TargetDiffers(
          "The source database has tables db copy does not know ("
              + String.join(", ", unknown)
              + "); it was made by a newer videoagent. Nothing was copied.");
    }
    boolean postgres = target.dialect() == Dialect.POSTGRESQL;
    List<String> sequences = new ArrayList<>();
    List<long[]> written =
        target
            .jdbi()
            .inTransaction(
                handle -> {
                  List<long[]> counts = new ArrayList<>();
                  for (Table table : copiedTables()) {
                    counts.add(copyTable(source, handle.getConnection(), table, postgres));
                    if (postgres) {
                      sequences.addAll(advanceSequences(handle.getConnection(), table));
                    }
                  }
                  return counts;
                });
    List<TableCopy> tables = new ArrayList<>();
    List<Table> copied = copiedTables();
    for (int i = 0; i < copied.size(); i++) {
      Table table = copied.get(i);
      Verified verified = verify(source, target, table);
      tables.add(
          new TableCopy(
              table.name(), verified.rows(), written.get(i)[0], written.get(i)[1], verified.sum()));
    }
    checkStatusCounts(target);
    return new Report(tables, sequences);
  }

  private static List<Table> copiedTables() {
    return TABLES.stream().filter(t -> t.handling() == Handling.COPIED).toList();
  }

  /** The tables of the database behind {@code connection}, by name (its own schema only). */
  static Set<String> tables(Connection connection) throws SQLException {
    Set<String> names = new TreeSet<>();
    DatabaseMetaData meta = connection.getMetaData();
    try (ResultSet rs = meta.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (!name.startsWith("sqlite_")) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static List<String> unknownTables(Connection connection) throws SQLException {
    Set<String> known = TABLES.stream().map(Table::name).collect(Collectors.toSet());
    return tables(connection).stream().filter(name -> !known.contains(name)).toList();
  }

  /** Copies one table page by page; returns {rows written, rows already there}. */
  private static long[] copyTable(Database source, Connection target, Table table, boolean postgres)
      throws SQLException {
    long[] counts = new long[2];
    List<String> columns = source.jdbi().withHandle(h -> columns(h.getConnection(), table));
    Map<String, Integer> targetTypes = columnTypes(target, table);
    if (!new TreeSet<>(targetTypes.keySet()).equals(new TreeSet<>(columns))) {
      throw new TargetDiffers(
          "The target's table "
              + table.name()
              + " has the columns "
              + new TreeSet<>(targetTypes.keySet())
              + ", the source's "
              + new TreeSet<>(columns)
              + "; migrate both with the same videoagent version. Nothing was copied.");
    }
    String insert =
        "INSERT INTO "
            + table.name()
            + " ("
            + String.join(", ", columns)
            // The source's numbers are kept, also in PostgreSQL's GENERATED ALWAYS identities.
            + (postgres ? ") OVERRIDING SYSTEM VALUE VALUES (" : ") VALUES (")
            + columns.stream().map(c -> "?").collect(Collectors.joining(", "))
            + ")";
    List<Object> after = null;
    while (true) {
      List<Row> page = page(source, table, columns, after);
      if (page.isEmpty()) {
        return counts;
      }
      Map<List<Object>, Row> existing = byKey(target, table, columns, page);
      try (PreparedStatement statement = target.prepareStatement(insert)) {
        int batched = 0;
        for (Row row : page) {
          Row there = existing.get(row.key());
          if (there != null) {
            if (!there.values().equals(row.values())) {
              throw new TargetDiffers(
                  "The target already holds other data in "
                      + table.name()
                      + " for "
                      + describeKey(table, row.key())
                      + "; db copy changes nothing on such a target. Copy into an empty"
                      + " database, or into the one an earlier copy filled.");
            }
            counts[1]++;
            continue;
          }
          for (int i = 0; i < columns.size(); i++) {
            bind(statement, i + 1, row.values().get(i), targetTypes.get(columns.get(i)));
          }
          statement.addBatch();
          batched++;
        }
        if (batched > 0) {
          statement.executeBatch();
          counts[0] += batched;
        }
      }
      after = page.get(page.size() - 1).key();
    }
  }

  /**
   * Moves each PostgreSQL sequence behind a column of {@code table} (an identity or a serial) past
   * the column's highest value, never back: rows inserted with explicit values leave a sequence
   * where it was, and the target's next own row would then clash with a copied one. (SQLite's
   * AUTOINCREMENT keeps count of the highest value inserted by itself.)
   */
  private static List<String> advanceSequences(Connection target, Table table) throws SQLException {
    List<String> moved = new ArrayList<>();
    for (String column : columnTypes(target, table).keySet()) {
      String sequence;
      try (PreparedStatement statement =
          target.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
        statement.setString(1, table.name());
        statement.setString(2, column);
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          sequence = rs.getString(1);
        }
      }
      if (sequence == null) {
        continue;
      }
      long highest;
      try (Statement statement = target.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT COALESCE(MAX(" + column + "), 0) FROM " + table.name())) {
        rs.next();
        highest = rs.getLong(1);
      }
      long last;
      try (Statement statement = target.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM "
                      + sequence)) {
        rs.next();
        last = rs.getLong(1);
      }
      if (highest > last) {
        try (PreparedStatement statement = target.prepareStatement("SELECT setval(?, ?)")) {
          statement.setString(1, sequence);
          statement.setLong(2, highest);
          statement.executeQuery().close();
        }
        moved.add(table.name() + "." + column + " continues after " + highest);
      }
    }
    return moved;
  }

  private record Verified(long rows, String sum) {}

  /** Reads every source row and the target's row of the same key, and compares the checksums. */
  private static Verified verify(Database source, Database target, Table table)
      throws SQLException {
    List<String> columns = source.jdbi().withHandle(h -> columns(h.getConnection(), table));
    Checksum fromSource = new Checksum();
    Checksum fromTarget = new Checksum();
    List<Object> after = null;
    while (true) {
      List<Row> page = page(source, table, columns, after);
      if (page.isEmpty()) {
        break;
      }
      Map<List<Object>, Row> there =
          target.jdbi().withHandle(h -> byKey(h.getConnection(), table, columns, page));
      for (Row row : page) {
        fromSource.add(row);
        Row copy = there.get(row.key());
        if (copy != null) {
          fromTarget.add(copy);
        }
      }
      after = page.get(page.size() - 1).key();
    }
    if (fromSource.rows != fromTarget.rows || !fromSource.hex().equals(fromTarget.hex())) {
      throw new IllegalStateException(
          "The copy of "
              + table.name()
              + " does not match the source: "
              + fromSource.rows
              + " rows with checksum "
              + fromSource.hex()
              + " in the source, "
              + fromTarget.rows
              + " with "
              + fromTarget.hex()
              + " in the target. Was something writing to the source? Stop it and run the copy"
              + " again.");
    }
    return new Verified(fromSource.rows, fromSource.hex());
  }

  /** The trigger-kept counts of the target agree with its jobs. */
  private static void checkStatusCounts(Database target) {
    Map<String, Long> counted = new TreeMap<>();
    Map<String, Long> kept = new TreeMap<>();
    target
        .jdbi()
        .useHandle(
            handle -> {
              handle
                  .createQuery("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")
                  .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                  .forEach(e -> counted.put(e.getKey(), e.getValue()));
              handle
                  .createQuery("SELECT status, jobs FROM job_status_counts WHERE jobs <> 0")
                  .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("jobs")))
                  .forEach(e -> kept.put(e.getKey(), e.getValue()));
            });
    if (!counted.equals(kept)) {
      throw new IllegalStateException(
          "The target's job_status_counts " + kept + " do not match its jobs " + counted + ".");
    }
  }

  /** A row: its values in the source's column order, normalised, and its key's values. */
  private record Row(List<Object> key, List<Object> values) {}

  /** The table's columns in their order. */
  private static List<String> columns(Connection connection, Table table) throws SQLException {
    return new ArrayList<>(columnTypes(connection, table).keySet());
  }

  /** The table's columns, in their order, with their JDBC types. */
  private static Map<String, Integer> columnTypes(Connection connection, Table table)
      throws SQLException {
    Map<String, Integer> types = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT * FROM " + table.name() + " WHERE 1 = 0")) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        types.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), meta.getColumnType(i));
      }
    }
    return types;
  }

  /** The next page of the source in key order, after the key {@code after} (null: the first). */
  private static List<Row> page(
      Database source, Table table, List<String> columns, List<Object> after) throws SQLException {
    String keys = String.join(", ", table.key());
    String where =
        after == null
            ? ""
            : " WHERE ("
                + keys
                + ") > ("
                + table.key().stream().map(k -> "?").collect(Collectors.joining(", "))
                + ")";
    String sql = "SELECT * FROM " + table.name() + where + " ORDER BY " + keys + " LIMIT " + PAGE;
    return source
        .jdbi()
        .withHandle(
            handle -> {
              try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
                if (after != null) {
                  for (int i = 0; i < after.size(); i++) {
                    statement.setObject(i + 1, after.get(i));
                  }
                }
                try (ResultSet rs = statement.executeQuery()) {
                  return rows(rs, table, columns);
                }
              }
            });
  }

  /** The target's rows with the keys of {@code page}, by key. */
  private static Map<List<Object>, Row> byKey(
      Connection target, Table table, List<String> columns, List<Row> page) throws SQLException {
    String first = table.key().get(0);
    List<Object> firsts = page.stream().map(row -> row.key().get(0)).distinct().toList();
    String sql =
        "SELECT * FROM "
            + table.name()
            + " WHERE "
            + first
            + " IN ("
            + firsts.stream().map(k -> "?").collect(Collectors.joining(", "))
            + ")";
    Map<List<Object>, Row> found = new HashMap<>();
    try (PreparedStatement statement = target.prepareStatement(sql)) {
      for (int i = 0; i < firsts.size(); i++) {
        statement.setObject(i + 1, firsts.get(i));
      }
      try (ResultSet rs = statement.executeQuery()) {
        for (Row row : rows(rs, table, columns)) {
          found.put(row.key(), row);
        }
      }
    }
    return found;
  }

  private static List<Row> rows(ResultSet rs, Table table, List<String> columns)
      throws SQLException {
    List<Row> rows = new ArrayList<>();
    while (rs.next()) {
      Map<String, Object> byName = new LinkedHashMap<>();
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        byName.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), normalised(rs.getObject(i)));
      }
      List<Object> values = new ArrayList<>(columns.size());
      for (String column : columns) {
        values.add(byName.get(column));
      }
      List<Object> key = new ArrayList<>(table.key().size());
      for (String column : table.key()) {
        key.add(byName.get(column));
      }
      rows.add(new Row(List.copyOf(key), java.util.Collections.unmodifiableList(values)));
    }
    return rows;
  }

  /**
   * One value as both databases can agree on it: SQLite has no booleans (0 and 1) and gives small
   * whole numbers as Integer; PostgreSQL gives BOOLEAN and BIGINT columns their own types.
   */
  private static Object normalised(Object value) {
    if (value instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    return value;
  }

  private static void bind(PreparedStatement statement, int index, Object value, int targetType)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, targetType);
    } else if (targetType == Types.BOOLEAN || targetType == Types.BIT) {
      statement.setBoolean(index, ((Number) value).longValue() != 0);
    } else {
      statement.setObject(index, value);
    }
  }

  private static String describeKey(Table table, List<Object> key) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      parts.add(table.key().get(i) + " " + key.get(i));
    }
    return String.join(", ", parts);
  }

  /**
   * An order-free checksum of rows (the sum of each row's SHA-256, cut to 64 bits), so the source
   * and the target agree whatever order each database returns its rows in.
   */
  private static final class Checksum {
    private long rows;
    private long sum;

    void add(Row row) {
      rows++;
      sum += hash(row.values());
    }

    String hex() {
      return String.format("%016x", sum);
    }

    private static long hash(List<Object> values) {
      MessageDigest digest;
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      for (Object value : values) {
        String text = value == null ? "\u0000null" : value.getClass().getSimpleName() + ":" + value;
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0x1f);
      }
      byte[] bytes = digest.digest();
      long folded = 0;
      for (int i = 0; i < 8; i++) {
        folded = (folded << 8) | (bytes[i] & 0xff);
      }
      return folded;
    }
  }
}
