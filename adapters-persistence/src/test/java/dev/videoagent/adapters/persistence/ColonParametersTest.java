package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToCreateStatementException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our one-pass SQL parser and template engine take every text as JDBI's ANTLR-based ones do: the
 * same SQL sent, the same parameters, the same refusals. Held against the tricky cases (quotes,
 * comments, casts, escapes) and against every migration the product ships, which is real SQL of
 * both dialects.
 */
class ColonParametersTest {
  private static final List<String> TRICKY =
      List.of(
          "SELECT * FROM jobs WHERE id = :id AND tenant = :tenant",
          "SELECT ? , ?, ?",
          "UPDATE jobs SET payload = :payload::jsonb WHERE id = :id",
          "SELECT a::int + :b::text",
          "SELECT 'it''s :not a parameter' || :yes",
          "SELECT 'escaped \\' quote :inside' , :after",
          "SELECT e'x\\'y' , :w",
          "SELECT \"column:name\" FROM t WHERE x = :x",
          "SELECT /* :comment */ :real",
          "SELECT 1 -- :comment to the end\n, :real",
          "SELECT 1 -- a comment at the very end :x",
          "x \\: y \\? z",
          "SELECT a ?? b",
          "x := :y",
          "k = :a.b.c",
          "k = :1x",
          "x:y",
          "x: y",
          ":a:b",
          ":_a :b$c",
          "x = :äbc",
          "WHERE status <> 'pending' AND deadline < :now AND a<b",
          "SELECT 'unterminated :x",
          "SELECT /* unterminated :x",
          "SELECT trailing :",
          "SELECT trailing \\",
          "SELECT \"\" :x \"",
          "SELECT \"\"\":x\"",
          "SELECT 'a' 'b :x",
          "\\'x :y",
          "SELECT \"a\\\" :x\"",
          "SELECT 1 -- a comment\r:x\n:y",
          "");

  private final ColonPrefixSqlParser theirs = new ColonPrefixSqlParser();
  private final ColonParameters ours = new ColonParameters();
  private Handle handle;

  @BeforeEach
  void open() {
    handle = Jdbi.create("jdbc:sqlite::memory:").open();
  }

  @AfterEach
  void close() {
    handle.close();
  }

  @Test
  void readsTheTrickyCasesAsJdbiDoes() {
    for (String sql : TRICKY) {
      assertSameParse(sql);
    }
  }

  @Test
  void readsEveryShippedMigrationAsJdbiDoes() throws IOException {
    List<String> migrations = migrations();
    assertThat(migrations).hasSizeGreaterThan(15);
    for (String sql : migrations) {
      assertSameParse(sql);
      assertThat(render(new DefinedAttributes(), sql))
          .isEqualTo(render(new DefinedAttributeTemplateEngine(), sql));
    }
  }

  @Test
  void refusesToMixNamedAndPositionalParametersAsJdbiDoes() {
    assertThatThrownBy(() -> theirs.parse("SELECT :a, ?", null))
        .isInstanceOf(UnableToExecuteStatementException.class);
    assertThatThrownBy(() -> ours.parse("SELECT :a, ?", null))
        .isInstanceOf(UnableToExecuteStatementException.class)
        .hasMessageContaining("Cannot mix named and positional parameters");
  }

  @Test
  void readsEachTextOnceAndKeepsABoundedNumber() {
    ParsedSql first = ours.parse("SELECT * FROM jobs WHERE id = :id", null);
    assertThat(ours.parse("SELECT * FROM jobs WHERE id = :id", null)).isSameAs(first);

    // More distinct texts than are kept: every one is still read right, and the kept ones stay
    // within the bound.
    for (int i = 0; i < 3 * ColonParameters.KEPT_STATEMENTS; i++) {
      String sql = "SELECT * FROM jobs WHERE id IN (:a" + i + ", :b) AND n = " + i;
      assertSameParse(sql);
      assertThat(ours.keptStatements()).isLessThanOrEqualTo(ColonParameters.KEPT_STATEMENTS);
    }
    assertSameParse("SELECT * FROM jobs WHERE id = :id");
  }

  @Test
  void aTextThatFailsIsNotKeptAndFailsAgain() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> ours.parse("SELECT :a, ?", null))
          .isInstanceOf(UnableToExecuteStatementException.class);
    }
    assertThat(ours.keptStatements()).isZero();
  }

  @Test
  void namesAParameterAsJdbiDoes() {
    assertThat(ours.nameParameter("__ids_0", null))
        .isEqualTo(theirs.nameParameter("__ids_0", null));
  }

  @Test
  void putsDefinedAttributesInAsJdbiDoes() {
    List<String> templates =
        List.of(
            "SELECT * FROM job_metadata WHERE job_id IN (<ids>)",
            "SELECT * FROM jobs WHERE tenant NOT IN (<held>) AND status <> 'x' AND a < b",
            "SELECT '<ids>' , \"<ids>\" , /* <ids> */ <ids>",
            "SELECT a<ids>b, \\<ids>, <ids >, <>, <",
            "SELECT 'unterminated <ids>",
            "SELECT /* unterminated <ids>",
            "SELECT -- <ids>\n<ids>",
            "x \\: y \\<ids> \\\\ z \\'q",
            "SELECT \"\" <ids> \"",
            "SELECT \"\"\"<ids>\"",
            "SELECT <ids>");
    for (String template : templates) {
      assertThat(render(new DefinedAttributes(), template))
          .as(template)
          .isEqualTo(render(new DefinedAttributeTemplateEngine(), template));
    }
  }

  @Test
  void refusesAnAttributeTheStatementDidNotDefineAsJdbiDoes() {
    String template = "SELECT * FROM jobs WHERE id IN (<missing>)";
    StatementContext context = handle.createQuery(template).getContext();

    assertThatThrownBy(() -> new DefinedAttributeTemplateEngine().render(template, context))
        .isInstanceOf(UnableToCreateStatementException.class);
    assertThatThrownBy(() -> new DefinedAttributes().render(template, context))
        .isInstanceOf(UnableToCreateStatementException.class)
        .hasMessageContaining("<missing>");
  }

  @Test
  void aBoundListRunsThroughBoth() {
    handle
        .getConfig(org.jdbi.v3.core.statement.SqlStatements.class)
        .setSqlParser(ours)
        .setTemplateEngine(new DefinedAttributes());
    handle.execute("CREATE TABLE t (id INTEGER, name TEXT)");
    handle.execute("INSERT INTO t VALUES (1, 'a:b'), (2, 'b'), (3, 'c')");

    List<String> names =
        handle
            .createQuery("SELECT name FROM t WHERE id IN (<ids>) AND name <> :not ORDER BY id")
            .bindList("ids", List.of(1, 3))
            .bind("not", "x")
            .mapTo(String.class)
            .list();

    assertThat(names).containsExactly("a:b", "c");
  }

  private void assertSameParse(String sql) {
    ParsedSql expected = theirs.parse(sql, null);
    ParsedSql actual = ours.parse(sql, null);
    assertThat(actual.getSql()).as(sql).isEqualTo(expected.getSql());
    assertThat(actual.getParameters()).as(sql).isEqualTo(expected.getParameters());
  }

  private String render(org.jdbi.v3.core.statement.TemplateEngine engine, String template) {
    StatementContext context =
        handle
            .createQuery(template)
            .define("ids", ":__ids_0,:__ids_1")
            .define("held", "?")
            .getContext();
    return engine.render(template, context);
  }

  private static List<String> migrations() throws IOException {
    Path root = Path.of("src/main/resources/db/migration");
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
        texts.add(Files.readString(file));
      }
    }
    return texts;
  }
}
