package dev.videoagent.assembly;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The assembly is plain Java: the library's hosts get it without a DI framework or an HTTP server,
 * and it knows none of its callers.
 */
class AssemblyDependenciesTest {
  private static final JavaClasses ASSEMBLY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.videoagent.assembly");

  @Test
  void noFrameworkAndNoCaller() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.google.inject..",
            "jakarta.inject..",
            "javax.inject..",
            "io.javalin..",
            "org.eclipse.jetty..",
            "picocli..",
            "dev.videoagent.api..",
            "dev.videoagent.cli..",
            "dev.videoagent.embedded..")
        .check(ASSEMBLY);
  }
}
