package dev.videoagent.embedded;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published surface is the package {@code dev.videoagent.embedded} alone: no public or
 * protected signature there mentions the core, the adapters or the internal package, so those can
 * change without breaking embedders.
 */
class PublishedApiTest {
  private static final String API = "dev.videoagent.embedded";
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(API);

  @Test
  void publicSignaturesMentionOnlyTheJdkAndThePublishedPackage() {
    List<String> leaks = new ArrayList<>();
    List<JavaClass> published =
        CLASSES.stream()
            .filter(c -> c.getPackageName().equals(API))
            .filter(PublishedApiTest::visible)
            .toList();
    assertThat(published).extracting(JavaClass::getSimpleName).contains("VideoAgent", "Builder");

    for (JavaClass type : published) {
      for (JavaCodeUnit unit : type.getCodeUnits()) {
        if (!visible(unit.getModifiers())) {
          continue;
        }
        check(leaks, unit.getFullName() + " returns", unit.getReturnType());
        unit.getParameterTypes().forEach(p -> check(leaks, unit.getFullName() + " takes", p));
        unit.getThrowsClause()
            .getTypes()
            .forEach(t -> check(leaks, unit.getFullName() + " throws", t));
      }
      for (JavaField field : type.getFields()) {
        if (visible(field.getModifiers())) {
          check(leaks, field.getFullName() + " is", field.getType());
        }
      }
      type.getSuperclass().ifPresent(s -> check(leaks, type.getName() + " extends", s));
      type.getInterfaces().forEach(i -> check(leaks, type.getName() + " implements", i));
    }

    assertThat(leaks).isEmpty();
  }

  @Test
  void theLibraryNeedsNoDependencyInjectionFramework() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.google.inject..", "jakarta.inject..", "javax.inject..")
        .check(CLASSES);
  }

  private static void check(List<String> leaks, String where, JavaType type) {
    type.getAllInvolvedRawTypes().stream()
        .filter(c -> !c.isPrimitive())
        .map(JavaClass::getName)
        .filter(name -> !name.startsWith("java."))
        // The JDK's own DataSource, for hosts that hand over their pool.
        .filter(name -> !name.startsWith("javax.sql."))
        .filter(name -> !(name.startsWith(API + ".") && !name.startsWith(API + ".internal.")))
        .forEach(name -> leaks.add(where + " " + name));
  }

  private static boolean visible(JavaClass type) {
    return visible(type.getModifiers())
        && Stream.iterate(type, t -> t.getEnclosingClass().orElse(null))
            .takeWhile(t -> t != null)
            .allMatch(t -> visible(t.getModifiers()) || t.isInterface());
  }

  private static boolean visible(java.util.Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }
}
