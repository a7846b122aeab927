package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

  @Test
  void aSqliteUrlNamesAnAbsoluteFile() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:sqlite:/var/lib/videoagent/../videoagent/va.db");
    assertThat(url.dialect()).isEqualTo(Dialect.SQLITE);
    assertThat(url.sqliteFile()).isEqualTo(Path.of("/var/lib/videoagent/va.db"));
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:/var/lib/videoagent/va.db");
    assertThat(url.user()).isNull();
    assertThat(url.password()).isNull();
  }

  @Test
  void aRelativeSqlitePathIsResolvedAgainstTheWorkingFolder() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:sqlite:data/va.db");
    assertThat(url.sqliteFile()).isEqualTo(Path.of("data/va.db").toAbsolutePath());
  }

  @Test
  void aLeadingTildeIsTheHomeFolder() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:sqlite:~/.videoagent/videoagent.db");
    assertThat(url.sqliteFile())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".videoagent", "videoagent.db"));
  }

  @Test
  void credentialsAreTakenOutOfAPostgresUrl() {
    DatabaseUrl url =
        DatabaseUrl.parse(
            "jdbc:postgresql://db.example.com:6432/videos?user=va&password=p%40ss%26word"
                + "&sslmode=require");
    assertThat(url.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(url.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.example.com:6432/videos?sslmode=require");
    assertThat(url.user()).isEqualTo("va");
    assertThat(url.password()).isEqualTo("p@ss&word");
    assertThat(url.sqliteFile()).isNull();
    assertThat(url.toString())
        .isEqualTo("PostgreSQL database videos at db.example.com:6432")
        .doesNotContain("p@ss");
  }

  @Test
  void aPostgresUrlWithoutCredentialsIsKeptAsItIs() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost/videos");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/videos");
    assertThat(url.user()).isNull();
    assertThat(url.password()).isNull();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ",
        "sqlite:/tmp/va.db",
        "/tmp/va.db",
        "jdbc:mysql://localhost/videos?password=hunter2",
        "jdbc:sqlite:",
        "jdbc:sqlite::memory:",
        "jdbc:sqlite:file:/tmp/va.db?mode=ro",
        "jdbc:sqlite:/tmp/va.db?journal_mode=delete",
        "jdbc:sqlite:/tmp/nul\0.db",
        "jdbc:postgresql://localhost:notaport/videos",
        "jdbc:postgresql://db.example.com:5432",
        "jdbc:postgresql://localhost/",
        "jdbc:postgresql://va:hunter2@localhost/videos",
        "jdbc:postgresql://localhost/videos?password=%zz"
      })
  void anythingElseIsRefusedWithASentenceNamingTheVariable(String value) {
    assertThatThrownBy(() -> DatabaseUrl.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("VIDEOAGENT_DB ")
        .hasMessageEndingWith(".")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void redactionHidesPasswordsWhereverTheyAre() {
    assertThat(DatabaseUrl.redacted("jdbc:x://h/db?user=a&password=hunter2&ssl=true"))
        .isEqualTo("jdbc:x://h/db?user=a&password=***&ssl=true");
    assertThat(DatabaseUrl.redacted("jdbc:x://a:hunter2@h/db")).isEqualTo("jdbc:x://***@h/db");
  }
}
