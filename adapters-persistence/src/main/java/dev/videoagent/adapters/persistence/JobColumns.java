package dev.videoagent.adapters.persistence;

import dev.videoagent.core.CallbackWindow;
import dev.videoagent.core.CanceledBy;
import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobError;
import dev.videoagent.core.JobIdentity;
import dev.videoagent.core.JobLifecycle;
import dev.videoagent.core.JobRevision;
import dev.videoagent.core.JobSchedule;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.JobTiming;
import dev.videoagent.core.Orientation;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The {@code jobs} table's row mapping, declared once: each column with its name, what it is kept
 * as, and which value of a job fills it; {@link #job} reads a row back into the job's groups
 * through the same declarations. The INSERT, the UPDATE and the SELECT list are made from these
 * lists, so a new field of a job is one column here, its place in its group's reader, and a
 * migration.
 *
 * <p>Instants are epoch milliseconds and enums their wire names, identical in both databases. Not
 * JDBI's {@code ConstructorMapper}: it maps through JDBI annotations ({@code @Nested}, {@code
 * PropagateNull}) on the mapped records, which the core's records, free of frameworks, cannot
 * carry; and a request's metadata comes from its own table.
 */
final class JobColumns {
  private JobColumns() {}

  // Fixed at insert: the job's identity.
  static final Column<String> ID = text("id", VideoJob::id);
  static final Column<String> TENANT = text("tenant", VideoJob::tenant);
  static final Column<String> PROMPT = text("prompt", job -> job.request().prompt());
  static final Column<String> AVATAR = text("avatar", job -> job.request().avatar());
  static final Column<String> VOICE = text("voice", job -> job.request().voice());
  static final Column<Orientation> ORIENTATION =
      wire(
          "orientation",
          job -> job.request().orientation(),
          Orientation::wireName,
          Orientation::fromWire);
  static final Column<URI> CALLBACK_URL = uri("callback_url", job -> job.request().callbackUrl());
  static final Column<String> CALLBACK_TOKEN = text("callback_token", VideoJob::callbackToken);
  static final Column<String> IDEMPOTENCY_KEY = text("idempotency_key", VideoJob::idempotencyKey);
  static final Column<Instant> CREATED_AT = millis("created_at", VideoJob::createdAt);

  // The lifecycle.
  static final Column<JobStatus> STATUS =
      wire("status", VideoJob::status, JobStatus::wireName, JobStatus::fromWire);
  static final Column<Integer> ATTEMPT = count("attempt", VideoJob::attempt);
  static final Column<String> GATEWAY_REQUEST_ID =
      text("gateway_request_id", VideoJob::gatewayRequestId);
  static final Column<URI> VIDEO_URL = uri("video_url", VideoJob::videoUrl);
  static final Column<String> CONTENT_SHA256 =
      text("content_sha256", job -> job.contentIfStored().map(StoredContent::sha256).orElse(null));
  static final Column<Long> CONTENT_BYTES =
      number("content_bytes", job -> job.contentIfStored().map(StoredContent::bytes).orElse(null));
  static final Column<String> CONTENT_TYPE =
      text(
          "content_type",
          job -> job.contentIfStored().map(StoredContent::contentType).orElse(null));
  static final Column<ErrorCode> ERROR_CODE =
      wire(
          "error_code",
          job -> job.errorIfAny().map(JobError::code).orElse(null),
          ErrorCode::wireName,
          wire -> Optional.of(ErrorCode.fromWire(wire)));
  static final Column<String> ERROR_MESSAGE =
      text("error_message", job -> job.errorIfAny().map(JobError::message).orElse(null));
  static final Column<Boolean> CALLBACK_REGISTERED =
      flag("callback_registered", VideoJob::callbackRegistered);
  static final Column<Instant> COMPLETED_AT = millis("completed_at", VideoJob::completedAt);
  static final Column<CanceledBy> CANCELED_BY =
      wire("canceled_by", VideoJob::canceledBy, CanceledBy::wireName, CanceledBy::fromWire);
  static final Column<Boolean> SETTLED_BY_CALLBACK =
      flag("settled_by_callback", VideoJob::settledByCallback);

  // The schedule.
  static final Column<Instant> NEXT_CHECK_AT = millis("next_check_at", VideoJob::nextCheckAt);
  static final Column<Instant> SUBMIT_STARTED_AT =
      millis("submit_started_at", VideoJob::submitStartedAt);
  static final Column<Integer> STATUS_READS = count("status_reads", VideoJob::statusReads);
  static final Column<Integer> CONSECUTIVE_FAILURES =
      count("consecutive_failures", VideoJob::consecutiveFailures);
  static final Column<Instant> DEADLINE = millis("deadline", VideoJob::deadline);
  static final Column<Instant> CALLBACK_WINDOW_UNTIL =
      millis(
          "callback_window_until",
          job -> job.callbackWindowIfAny().map(CallbackWindow::until).orElse(null));
  static final Column<String> CALLBACK_REQUEST_ID =
      text(
          "callback_request_id",
          job -> job.callbackWindowIfAny().map(CallbackWindow::namedRequestId).orElse(null));

  // The timing.
  static final Column<Instant> ACCEPTED_AT = millis("accepted_at", VideoJob::acceptedAt);
  static final Column<Instant> STATUS_SINCE = millis("status_since", VideoJob::statusSince);
  static final Column<Instant> ESTIMATED_COMPLETION_AT =
      millis("estimated_completion_at", VideoJob::estimatedCompletionAt);
  static final Column<Instant> STALLED_SINCE = millis("stalled_since", VideoJob::stalledSince);

  // The revision. The version is the update's compare-and-set: it is not SET like the others.
  static final Column<Instant> UPDATED_AT = millis("updated_at", VideoJob::updatedAt);
  static final Column<Long> VERSION = number("version", VideoJob::version);

  /** Written once, by the insert. */
  static final List<Column<?>> FIXED =
      List.of(
          ID,
          TENANT,
          PROMPT,
          AVATAR,
          VOICE,
          ORIENTATION,
          CALLBACK_URL,
          CALLBACK_TOKEN,
          IDEMPOTENCY_KEY,
          CREATED_AT);

  /** Written by every update, as they stand in the job. */
  static final List<Column<?>> CHANGING =
      List.of(
          STATUS,
          ATTEMPT,
          GATEWAY_REQUEST_ID,
          VIDEO_URL,
          CONTENT_SHA256,
          CONTENT_BYTES,
          CONTENT_TYPE,
          ERROR_CODE,
          ERROR_MESSAGE,
          CALLBACK_REGISTERED,
          COMPLETED_AT,
          CANCELED_BY,
          SETTLED_BY_CALLBACK,
          NEXT_CHECK_AT,
          SUBMIT_STARTED_AT,
          STATUS_READS,
          CONSECUTIVE_FAILURES,
          DEADLINE,
          CALLBACK_WINDOW_UNTIL,
          CALLBACK_REQUEST_ID,
          ACCEPTED_AT,
          STATUS_SINCE,
          ESTIMATED_COMPLETION_AT,
          STALLED_SINCE,
          UPDATED_AT);

  static final List<Column<?>> ALL = all();

  /** {@code id, tenant, …}: every column, for a SELECT. */
  static String selectList() {
    return names(ALL, Column::name);
  }

  /** The INSERT of a whole row with positional parameters; set them with {@link Row#set}. */
  static String insertPositional() {
    return "INSERT INTO jobs ("
        + names(ALL, Column::name)
        + ")\nVALUES ("
        + names(ALL, column -> "?")
        + ")\n";
  }

  /**
   * The UPDATE of everything that changes, as a compare-and-set on the version; bind it with {@link
   * Row#bind} over {@link #CHANGING}, plus {@code id} and the version read ({@code version}).
   */
  static String update() {
    return "UPDATE jobs\n   SET "
        + names(CHANGING, column -> column.name() + " = " + column.parameter())
        + ",\n       version = version + 1\n WHERE id = "
        + ID.parameter()
        + " AND version = "
        + VERSION.parameter()
        + "\n";
  }

  /** A job from its row and its metadata (kept in a table of its own). */
  static VideoJob job(Row row, Map<String, String> metadata) {
    VideoRequest request =
        new VideoRequest(
            row.get(PROMPT),
            row.get(AVATAR),
            row.get(VOICE),
            row.get(ORIENTATION),
            metadata,
            row.get(CALLBACK_URL));
    String sha256 = row.get(CONTENT_SHA256);
    StoredContent content =
        sha256 == null
            ? null
            : new StoredContent(sha256, row.get(CONTENT_BYTES), row.get(CONTENT_TYPE));
    ErrorCode errorCode = row.get(ERROR_CODE);
    JobError error = errorCode == null ? null : new JobError(errorCode, row.get(ERROR_MESSAGE));
    Instant windowUntil = row.get(CALLBACK_WINDOW_UNTIL);
    CallbackWindow window =
        windowUntil == null ? null : new CallbackWindow(windowUntil, row.get(CALLBACK_REQUEST_ID));
    return new VideoJob(
        new JobIdentity(
            row.get(ID),
            row.get(TENANT),
            request,
            row.get(CALLBACK_TOKEN),
            row.get(IDEMPOTENCY_KEY),
            row.get(CREATED_AT)),
        new JobLifecycle(
            row.get(STATUS),
            row.get(ATTEMPT),
            row.get(GATEWAY_REQUEST_ID),
            row.get(VIDEO_URL),
            content,
            error,
            row.get(CALLBACK_REGISTERED),
            row.get(COMPLETED_AT),
            row.get(CANCELED_BY),
            row.get(SETTLED_BY_CALLBACK)),
        new JobSchedule(
            row.get(NEXT_CHECK_AT),
            row.get(SUBMIT_STARTED_AT),
            row.get(STATUS_READS),
            row.get(CONSECUTIVE_FAILURES),
            row.get(DEADLINE),
            window),
        new JobRevision(row.get(UPDATED_AT), row.get(VERSION)),
        new JobTiming(
            row.get(ACCEPTED_AT),
            row.get(STATUS_SINCE),
            row.get(ESTIMATED_COMPLETION_AT),
            row.get(STALLED_SINCE)));
  }

  /** What a column's value is bound and read as. */
  enum Kind {
    TEXT(String.class, Types.VARCHAR),
    INTEGER(Integer.class, Types.INTEGER),
    BIGINT(Long.class, Types.BIGINT),
    BOOLEAN(Boolean.class, Types.BOOLEAN);

    private final Class<?> javaType;
    private final int sqlType;

    Kind(Class<?> javaType, int sqlType) {
      this.javaType = javaType;
      this.sqlType = sqlType;
    }

    /** Sets {@code value} (null or of this kind's Java type) as parameter {@code index}. */
    void set(PreparedStatement statement, int index, Object value) throws SQLException {
      if (value == null) {
        statement.setNull(index, sqlType);
        return;
      }
      switch (this) {
        case TEXT -> statement.setString(index, (String) value);
        case INTEGER -> statement.setInt(index, (Integer) value);
        case BIGINT -> statement.setLong(index, (Long) value);
        case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
      }
    }

    Class<?> javaType() {
      return javaType;
    }

    Object read(ResultSet rs, String column) throws SQLException {
      return read(rs, rs.findColumn(column));
    }

    Object read(ResultSet rs, int index) throws SQLException {
      Object value =
          switch (this) {
            case TEXT -> rs.getString(index);
            case INTEGER -> rs.getInt(index);
            case BIGINT -> rs.getLong(index);
            case BOOLEAN -> rs.getBoolean(index);
          };
      return rs.wasNull() ? null : value;
    }
  }

  /**
   * One column: its name (also its parameter's), what it is kept as, the job's value in it, and the
   * conversions between the two.
   */
  record Column<T>(
      String name,
      Kind kind,
      Function<VideoJob, T> value,
      Function<T, Object> toStored,
      Function<Object, T> fromStored) {

    String parameter() {
      return ":" + name;
    }

    Object storedValue(VideoJob job) {
      T of = value.apply(job);
      return of == null ? null : toStored.apply(of);
    }

    T fromStored(Object stored, String where) {
      try {
        return stored == null ? null : fromStored.apply(stored);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "unreadable " + name + " in the database (" + where + "): " + stored, e);
      }
    }
  }

  /** One job's values as the columns hold them: read from a result set, or made from a job. */
  static final class Row {
    private final Map<String, Object> stored;

    private Row(Map<String, Object> stored) {
      this.stored = stored;
    }

    static Row read(ResultSet rs) throws SQLException {
      Map<String, Object> stored = new HashMap<>();
      for (Column<?> column : ALL) {
        stored.put(column.name(), column.kind().read(rs, column.name()));
      }
      return new Row(stored);
    }

    /**
     * As {@link #read(ResultSet)}, by position: for a query whose columns begin with {@link
     * #selectList()}. The driver looks a name up in a map it builds for each result.
     */
    static Row readInOrder(ResultSet rs) throws SQLException {
      Map<String, Object> stored = new HashMap<>();
      int index = 1;
      for (Column<?> column : ALL) {
        stored.put(column.name(), column.kind().read(rs, index++));
      }
      return new Row(stored);
    }

    static Row of(VideoJob job) {
      Map<String, Object> stored = new HashMap<>();
      for (Column<?> column : ALL) {
        stored.put(column.name(), column.storedValue(job));
      }
      return new Row(stored);
    }

    <T> T get(Column<T> column) {
      return column.fromStored(stored.get(column.name()), "job " + stored.get(ID.name()));
    }

    /** Sets {@code columns}' values as the parameters from 1 on, typed even when null. */
    void set(PreparedStatement statement, List<Column<?>> columns) throws SQLException {
      int index = 1;
      for (Column<?> column : columns) {
        column.kind().set(statement, index++, stored.get(column.name()));
      }
    }

    /** Binds {@code columns}' values as their parameters, typed even when null. */
    <S extends SqlStatement<S>> S bind(S statement, List<Column<?>> columns) {
      for (Column<?> column : columns) {
        statement.bindByType(column.name(), stored.get(column.name()), column.kind().javaType());
      }
      return statement;
    }
  }

  private static Column<String> text(String name, Function<VideoJob, String> value) {
    return new Column<>(name, Kind.TEXT, value, text -> text, stored -> (String) stored);
  }

  private static Column<Integer> count(String name, Function<VideoJob, Integer> value) {
    return new Column<>(name, Kind.INTEGER, value, count -> count, stored -> (Integer) stored);
  }

  private static Column<Long> number(String name, Function<VideoJob, Long> value) {
    return new Column<>(name, Kind.BIGINT, value, number -> number, stored -> (Long) stored);
  }

  private static Column<Boolean> flag(String name, Function<VideoJob, Boolean> value) {
    return new Column<>(name, Kind.BOOLEAN, value, flag -> flag, stored -> (Boolean) stored);
  }

  private static Column<Instant> millis(String name, Function<VideoJob, Instant> value) {
    return new Column<>(
        name,
        Kind.BIGINT,
        value,
        Instant::toEpochMilli,
        stored -> Instant.ofEpochMilli((Long) stored));
  }

  private static Column<URI> uri(String name, Function<VideoJob, URI> value) {
    return new Column<>(
        name, Kind.TEXT, value, URI::toString, stored -> URI.create((String) stored));
  }

  private static <E> Column<E> wire(
      String name,
      Function<VideoJob, E> value,
      Function<E, String> wireName,
      Function<String, Optional<E>> parse) {
    return new Column<>(
        name,
        Kind.TEXT,
        value,
        wireName::apply,
        stored ->
            parse
                .apply((String) stored)
                .orElseThrow(() -> new IllegalArgumentException("not a " + name)));
  }

  private static List<Column<?>> all() {
    List<Column<?>> all = new ArrayList<>(FIXED);
    all.addAll(CHANGING);
    all.add(VERSION);
    return List.copyOf(all);
  }

  private static String names(List<Column<?>> columns, Function<Column<?>, String> each) {
    return columns.stream().map(each).collect(Collectors.joining(", "));
  }
}
