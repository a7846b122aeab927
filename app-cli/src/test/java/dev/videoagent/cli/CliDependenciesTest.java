package dev.videoagent.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The command line is built on the assembly: only {@code videoagent serve}, which runs the REST
 * service, reaches into the service's module.
 */
class CliDependenciesTest {
  private static final JavaClasses CLI =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.videoagent.cli");

  @Test
  void onlyServeUsesTheService() {
    noClasses()
        .that()
        .doNotHaveSimpleName("ServeCommand")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.videoagent.api..")
        .check(CLI);
  }
}
