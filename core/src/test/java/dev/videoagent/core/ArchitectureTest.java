package dev.videoagent.core;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The core is the domain alone: it may use the JDK (with its HMAC) and itself, nothing else. */
@AnalyzeClasses(
    packages = "dev.videoagent.core",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreDependsOnTheJdkOnly =
      classes()
          .that()
          .resideInAPackage("dev.videoagent.core..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "javax.crypto..", "dev.videoagent.core..");

  @ArchTest
  static final ArchRule coreAvoidsSqlAndDesktopParts =
      classes()
          .that()
          .resideInAPackage("dev.videoagent.core..")
          .should()
          .onlyDependOnClassesThat(
              resideOutsideOfPackages("java.sql..", "javax..", "java.awt..", "java.net.http..")
                  // Webhook signatures: HMAC-SHA256 is the JDK's, in javax.crypto.
                  .or(resideInAPackage("javax.crypto..")));

  @ArchTest
  static final ArchRule portsDoNotKnowUseCases =
      classes()
          .that()
          .resideInAPackage("dev.videoagent.core.port..")
          .should()
          .onlyDependOnClassesThat()
          .resideOutsideOfPackage("dev.videoagent.core.usecase..");
}
