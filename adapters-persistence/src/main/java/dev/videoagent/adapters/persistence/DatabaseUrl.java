package dev.videoagent.adapters.persistence;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A checked {@code VIDEOAGENT_DB} value. Credentials are taken out of the URL here, so the URL
 * handed to the driver, the pool and Flyway (which all log it) never carries a password.
 *
 * @param jdbcUrl the URL without credentials
 * @param user the PostgreSQL user, or {@code null}
 * @param password the PostgreSQL password, or {@code null}
 * @param sqliteFile the absolute database file for SQLite, {@code null} for PostgreSQL
 * @param description where the database is, for people and logs
 */
record DatabaseUrl(
    Dialect dialect,
    String jdbcUrl,
    String user,
    String password,
    Path sqliteFile,
    String description) {

  private static final String SQLITE_PREFIX = "jdbc:sqlite:";
  private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
  private static final String FORMS =
      "jdbc:sqlite:/path/to/videoagent.db or"
          + " jdbc:postgresql://host:port/database?user=NAME&password=SECRET";
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//[^/?]*@");

  /** A database reached through a pool the host application made and owns. */
  static DatabaseUrl external(Dialect dialect) {
    return new DatabaseUrl(
        dialect,
        null,
        null,
        null,
        null,
        "host-provided " + dialect.name().toLowerCase(java.util.Locale.ROOT) + " database");
  }

  /**
   * @throws IllegalArgumentException with a sentence naming {@code VIDEOAGENT_DB} when the value is
   *     not a usable SQLite or PostgreSQL URL
   */
  static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw invalid("VIDEOAGENT_DB is empty; it must be " + FORMS + ".");
    }
    String trimmed = url.strip();
    if (trimmed.startsWith(SQLITE_PREFIX)) {
      return sqlite(trimmed.substring(SQLITE_PREFIX.length()));
    }
    if (trimmed.startsWith(POSTGRES_PREFIX)) {
      return postgres(trimmed);
    }
    throw invalid(
        "VIDEOAGENT_DB must be "
            + FORMS
            + " (got \""
            + redacted(trimmed)
            + "\"); only SQLite and PostgreSQL are supported.");
  }

  private static DatabaseUrl sqlite(String location) {
    if (location.isEmpty()
        || location.startsWith(":")
        || location.startsWith("file:")
        || location.contains("?")) {
      throw invalid(
          "VIDEOAGENT_DB must name a SQLite database file as jdbc:sqlite:/path/to/videoagent.db"
              + " (got \"jdbc:sqlite:"
              + location
              + "\"); in-memory databases, file: URIs and URL settings are not supported.");
    }
    Path file;
    try {
      file = expandHome(location).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw invalid(
          "VIDEOAGENT_DB names a SQLite file whose path is not valid here: "
              + e.getMessage()
              + ".");
    }
    if (file.getFileName() == null) {
      throw invalid("VIDEOAGENT_DB must name a SQLite database file, not \"" + location + "\".");
    }
    return new DatabaseUrl(
        Dialect.SQLITE, SQLITE_PREFIX + file, null, null, file, "SQLite database " + file);
  }

  private static Path expandHome(String location) {
    if (location.equals("~") || location.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + location.substring(1));
    }
    return Path.of(location);
  }

  private static DatabaseUrl postgres(String url) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    if (base.contains("@")) {
      throw invalid(
          "VIDEOAGENT_DB must give the PostgreSQL user and password as"
              + " ?user=NAME&password=SECRET after the database name, not before the host.");
    }
    String user = null;
    String password = null;
    List<String> kept = new ArrayList<>();
    if (query >= 0) {
      for (String parameter : url.substring(query + 1).split("&")) {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
        if (name.equals("user")) {
          user = value;
        } else if (name.equals("password")) {
          password = value;
        } else if (!parameter.isEmpty()) {
          kept.add(parameter);
        }
      }
    }
    String withoutCredentials = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
    // Only the credential-free URL reaches the driver's parser, which logs malformed URLs.
    Properties parsed = org.postgresql.Driver.parseURL(withoutCredentials, null);
    if (parsed == null) {
      throw invalid(
          "VIDEOAGENT_DB is not a valid PostgreSQL URL (got \""
              + withoutCredentials
              + "\"); it must look like jdbc:postgresql://host:port/database.");
    }
    String database = parsed.getProperty("PGDBNAME", "");
    if (database.isEmpty()) {
      throw invalid(
          "VIDEOAGENT_DB must name the PostgreSQL database, as in"
              + " jdbc:postgresql://host:port/database (got \""
              + withoutCredentials
              + "\").");
    }
    String where =
        "PostgreSQL database "
            + database
            + " at "
            + parsed.getProperty("PGHOST")
            + ":"
            + parsed.getProperty("PGPORT");
    return new DatabaseUrl(Dialect.POSTGRESQL, withoutCredentials, user, password, null, where);
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid(
          "VIDEOAGENT_DB has a badly escaped parameter; write special characters as %XX.");
    }
  }

  /** The URL with any password blanked, safe to show. */
  static String redacted(String url) {
    String noPassword = PASSWORD.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(noPassword).replaceAll("//***@");
  }

  private static IllegalArgumentException invalid(String sentence) {
    return new IllegalArgumentException(sentence);
  }

  @Override
  public String toString() {
    return description;
  }
}
