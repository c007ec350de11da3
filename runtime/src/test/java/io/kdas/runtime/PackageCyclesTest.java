package io.kdas.runtime;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages form no cycle (each sub-package, such as {@code data.source} or {@code
 * run}, is one node): the architecture reads in one direction, from the command line through
 * the run's stages down to training, models and data.
 */
class PackageCyclesTest {

  @Test
  void runtimePackagesAreFreeOfCycles() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.kdas.runtime");
    slices().matching("io.kdas.runtime.(**)").should().beFreeOfCycles()
        .because("a package cycle ties stages together that must stay separable")
        .check(classes);
  }
}
