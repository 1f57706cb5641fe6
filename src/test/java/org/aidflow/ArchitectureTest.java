package org.aidflow;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.junit.jupiter.api.Test;

/**
 * The layering of AidFlow's packages (docs/architecture.md), checked on the compiled application classes. From the
 * bottom: {@code shared} (what every stage needs); the services every stage may call ({@code organisation},
 * {@code servicelevel}, {@code notification}, {@code serviceorder}, {@code project}) and {@code security}, which use no stage; the stages in the order a case goes through them;
 * then the features that span stages ({@code annualreview}, {@code campaign}, {@code cockpit.*}) and may use any stage
 * (campaign pays through assistance's FundLedger); {@code demo} is
 * used by nobody.
 */
class ArchitectureTest {

  /** The stages of the loop, each using only the ones before it (and shared). */
  static final List<String> STAGES = List.of("intake", "verification", "referral", "assistance", "followup");

  /** The services below the stages: every stage may call them, they call no stage. */
  static final List<String> SERVICES = List.of("organisation", "servicelevel", "notification", "serviceorder",
      "project");

  private static final String AIDFLOW = "org.aidflow..";

  private static final JavaClasses APPLICATION = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.aidflow");

  private static String pkg(String name) {
    return "org.aidflow." + name + "..";
  }

  @Test
  void sharedUsesNoOtherPackageOfAidFlow() {
    classes().that().resideInAPackage(pkg("shared"))
        .should().onlyDependOnClassesThat(resideOutsideOfPackage(AIDFLOW).or(resideInAPackage(pkg("shared"))))
        .check(APPLICATION);
  }

  @Test
  void aStageUsesOnlyEarlierStagesAndShared() {
    for (int i = 0; i < STAGES.size(); i++) {
      List<String> allowed = new ArrayList<>(List.of(pkg("shared")));
      SERVICES.forEach(service -> allowed.add(pkg(service)));
      for (String earlier : STAGES.subList(0, i + 1)) {
        allowed.add(pkg(earlier));
      }
      classes().that().resideInAPackage(pkg(STAGES.get(i)))
          .should().onlyDependOnClassesThat(resideOutsideOfPackage(AIDFLOW)
              .or(resideInAnyPackage(allowed.toArray(String[]::new))))
          .as("classes of stage " + STAGES.get(i) + " should use only " + allowed)
          .check(APPLICATION);
    }
  }

  @Test
  void securityAndTheServicesUseNoStage() {
    noClasses().that().resideInAnyPackage(pkg("security"), pkg("organisation"), pkg("servicelevel"),
            pkg("notification"), pkg("serviceorder"), pkg("project"))
        .should().dependOnClassesThat(resideInAnyPackage(STAGES.stream().map(ArchitectureTest::pkg)
            .toArray(String[]::new)))
        .check(APPLICATION);
  }

  @Test
  void theServicesDoNotUseSecurity() {
    // security listens to them (a unit opened gets its groups and filters), never the other way round
    noClasses().that().resideInAnyPackage(SERVICES.stream().map(ArchitectureTest::pkg).toArray(String[]::new))
        .should().dependOnClassesThat(resideInAPackage(pkg("security")))
        .check(APPLICATION);
  }

  @Test
  void nothingUsesTheDemo() {
    noClasses().that(not(resideInAPackage(pkg("demo"))))
        .should().dependOnClassesThat(resideInAPackage(pkg("demo")))
        .check(APPLICATION);
  }

  @Test
  void delegatesAndListenersAreNamedSo() {
    classes().that().implement(JavaDelegate.class)
        .should().haveSimpleNameEndingWith("Delegate").check(APPLICATION);
    classes().that().implement(ExecutionListener.class).or().implement(TaskListener.class)
        .should().haveSimpleNameEndingWith("Listener").check(APPLICATION);
  }
}
