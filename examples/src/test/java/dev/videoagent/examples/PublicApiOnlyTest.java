package dev.videoagent.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The example is what embedders copy, so it must use nothing but the published API: the JDK and the
 * package {@code dev.videoagent.embedded} (not its {@code internal} package, not the core or the
 * adapters underneath).
 */
class PublicApiOnlyTest {
  private static final JavaClasses EXAMPLES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.videoagent.examples");

  @Test
  void theExampleClassesAreTheOnesChecked() {
    assertThat(EXAMPLES.contain(HelloVideo.class)).isTrue();
    assertThat(EXAMPLES.stream().map(c -> c.getName())).noneMatch(name -> name.endsWith("Test"));
  }

  @Test
  void examplesDependOnlyOnTheJdkAndThePublicEmbeddingApi() {
    classes()
        .that()
        .resideInAPackage("dev.videoagent.examples..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.videoagent.embedded", "dev.videoagent.examples..")
        .because("embedders copy the example, and only dev.videoagent.embedded is published API")
        .check(EXAMPLES);
  }
}
