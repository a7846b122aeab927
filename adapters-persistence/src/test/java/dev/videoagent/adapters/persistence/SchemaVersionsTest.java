package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class SchemaVersionsTest {
  @TempDir Path folder;

  @Test
  void theShippedMigrationsAreListedFromTheClassesFolder() {
    for (Dialect dialect : Dialect.values()) {
      assertThat(
              SchemaVersions.shipped(getClass().getClassLoader(), dialect.migrationFolder())
                  .orElseThrow())
          .contains(1, 2, 3, 6);
    }
  }

  @Test
  void eachFoldersIndexNamesExactlyTheFilesInTheFolder() {
    for (Dialect dialect : Dialect.values()) {
      ClassLoader loader = getClass().getClassLoader();
      String folder = dialect.migrationFolder();

      assertThat(SchemaVersions.indexed(loader, folder))
          .as(folder + SchemaVersions.INDEX + " lists every V…sql file in " + folder)
          .isPresent()
          .isEqualTo(SchemaVersions.listed(loader, folder));
    }
  }

  @Test
  void aJarWithAnIndexIsNotListed() throws IOException {
    Path jar = folder.resolve("indexed.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("db/migration/sqlite.list"));
      out.write("V1__first.sql\nV5__fifth.sql\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new JarEntry("db/migration/sqlite/"));
      out.closeEntry();
      out.putNextEntry(new JarEntry("db/migration/sqlite/V1__first.sql"));
      out.write("SELECT 1;".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(SchemaVersions.shipped(loader, "db/migration/sqlite")).contains(Set.of(1, 5));
      assertThat(SchemaVersions.listed(loader, "db/migration/sqlite")).contains(Set.of(1));
    }
  }

  @Test
  void theShippedMigrationsAreListedFromAJarAndSubfoldersAreNotTheirs() throws IOException {
    Path jar = folder.resolve("m.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (String name :
          List.of(
              "db/migration/sqlite/",
              "db/migration/sqlite/V1__first.sql",
              "db/migration/sqlite/V12__later.sql",
              "db/migration/sqlite/old/V99__elsewhere.sql",
              "db/migration/sqlite/README.txt",
              "db/migration/postgresql/V7__other.sql")) {
        out.putNextEntry(new JarEntry(name));
        out.write("SELECT 1;".getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(SchemaVersions.shipped(loader, "db/migration/sqlite")).contains(Set.of(1, 12));
    }
  }

  @Test
  void aRepeatableMigrationLeavesTheDecisionToFlyway() throws IOException {
    Path classes = folder.resolve("classes");
    Path migrations = Files.createDirectories(classes.resolve("db/migration/sqlite"));
    Files.writeString(migrations.resolve("V1__first.sql"), "SELECT 1;");
    Files.writeString(migrations.resolve("R__view.sql"), "SELECT 1;");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
      assertThat(SchemaVersions.shipped(loader, "db/migration/sqlite")).isEmpty();
    }
  }

  @Test
  void aNewFileIsNotCurrentABehindOneIsNotAndAMigratedOneIs() {
    Path file = folder.resolve("va.db");
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file);
    String sqlite = Dialect.SQLITE.migrationFolder();
    assertThat(SchemaVersions.isCurrent(source, sqlite)).isFalse();

    Flyway.configure()
        .dataSource(source)
        .locations(Dialect.SQLITE.migrationLocation())
        .target("3")
        .load()
        .migrate();
    assertThat(SchemaVersions.isCurrent(source, sqlite)).isFalse();

    Database.open("jdbc:sqlite:" + file).close();
    assertThat(SchemaVersions.isCurrent(source, sqlite)).isTrue();
    // The reopened file has what the release ships, not the first three only.
    assertThat(SchemaVersions.applied(source))
        .contains(SchemaVersions.shipped(getClass().getClassLoader(), sqlite).orElseThrow());
  }

  @Test
  void aFailedMigrationInTheHistoryIsLeftToFlyway() {
    Path file = folder.resolve("va.db");
    Database.open("jdbc:sqlite:" + file).close();
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file);
    Jdbi.create(source)
        .useHandle(
            h -> h.execute("UPDATE flyway_schema_history SET success = 0 WHERE version = '6'"));
    assertThat(SchemaVersions.isCurrent(source, Dialect.SQLITE.migrationFolder())).isFalse();
  }
}
