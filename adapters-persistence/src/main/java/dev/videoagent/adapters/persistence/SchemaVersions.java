package dev.videoagent.adapters.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Whether a database already has exactly the migrations this build ships, found with one query and
 * a look at the migration folder: the cheap check that lets a short command skip Flyway, whose own
 * start-up (plugins, scanning, validation) costs a few hundred milliseconds. Anything unusual
 * (another kind of class path, a failed or unknown migration, no history table) answers "not known
 * to be current", and Flyway then decides as it always did.
 */
final class SchemaVersions {
  /** The suffix of a migration folder's index, a resource beside the folder. */
  static final String INDEX = ".list";

  private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__[^/]*\\.sql");

  private SchemaVersions() {}

  /** Whether every migration in {@code folder} is applied, successfully, and no other one. */
  static boolean isCurrent(DataSource dataSource, String folder) {
    Optional<Set<Integer>> shipped = shipped(SchemaVersions.class.getClassLoader(), folder);
    if (shipped.isEmpty() || shipped.get().isEmpty()) {
      return false;
    }
    Optional<Set<Integer>> applied = applied(dataSource);
    return applied.isPresent() && applied.get().equals(shipped.get());
  }

  /**
   * The versions of the migration files in the class-path folder {@code folder} (such as {@code
   * db/migration/sqlite}) of {@code loader}, from a jar or a directory; empty when they cannot be
   * listed this way.
   */
  static Optional<Set<Integer>> shipped(ClassLoader loader, String folder) {
    Optional<Set<Integer>> indexed = indexed(loader, folder);
    return indexed.isPresent() ? indexed : listed(loader, folder);
  }

  /**
   * The versions named by the folder's index ({@code db/migration/sqlite.list} beside {@code
   * db/migration/sqlite}), one file name per line, when there is one. Listing a folder inside a jar
   * means reading every entry of the jar (the command line's has over 20,000), a tenth of a short
   * command's start-up; a test keeps each index equal to its folder.
   */
  static Optional<Set<Integer>> indexed(ClassLoader loader, String folder) {
    try (InputStream in = loader.getResourceAsStream(folder + INDEX)) {
      if (in == null) {
        return Optional.empty();
      }
      String names = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return versions(names.lines().map(String::strip).filter(n -> !n.isEmpty()), "");
    } catch (IOException unreadable) {
      return Optional.empty();
    }
  }

  /** The versions of the files found in the folder itself. */
  static Optional<Set<Integer>> listed(ClassLoader loader, String folder) {
    URL url = loader.getResource(folder);
    if (url == null) {
      return Optional.empty();
    }
    try {
      if ("file".equals(url.getProtocol())) {
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
          return versions(files.map(p -> p.getFileName().toString()), "");
        }
      }
      if ("jar".equals(url.getProtocol())) {
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection) {
          // The class loader's own, already open jar: listing it reads no file.
          connection.setUseCaches(true);
          JarFile jar = ((JarURLConnection) connection).getJarFile();
          return versions(jar.stream().map(e -> e.getName()), folder + "/");
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException unreadable) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<Set<Integer>> versions(Stream<String> names, String prefix) {
    Set<Integer> versions = new TreeSet<>();
    for (String name : (Iterable<String>) names::iterator) {
      if (!name.startsWith(prefix) || name.length() == prefix.length()) {
        continue;
      }
      String file = name.substring(prefix.length());
      if (file.contains("/")) {
        continue;
      }
      Matcher versioned = VERSIONED.matcher(file);
      if (versioned.matches()) {
        versions.add(Integer.parseInt(versioned.group(1)));
      } else if (file.endsWith(".sql")) {
        // A repeatable or differently numbered migration: Flyway's rules, not ours.
        return Optional.empty();
      }
    }
    return Optional.of(versions);
  }

  /** The versions applied, when every row of the history is a successful versioned one. */
  static Optional<Set<Integer>> applied(DataSource dataSource) {
    Set<Integer> versions = new TreeSet<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT version, success FROM flyway_schema_history")) {
      while (rows.next()) {
        String version = rows.getString(1);
        if (version == null) {
          continue; // the schema-creation marker Flyway writes on PostgreSQL
        }
        if (!rows.getBoolean(2) || !version.matches("\\d+")) {
          return Optional.empty();
        }
        versions.add(Integer.parseInt(version));
      }
    } catch (SQLException | RuntimeException noHistoryYet) {
      return Optional.empty();
    }
    return Optional.of(versions);
  }
}
