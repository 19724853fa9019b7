package dev.atrium;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Module and package directions of docs/architecture.md, enforced. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.atrium");

    @Test
    void metadataEngineKnowsNothingOfThePlatformOrVertx() {
        noClasses()
                .that()
                .resideInAPackage("dev.atrium.metadata..")
                .and()
                .resideOutsideOfPackages("dev.atrium.metadata")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.vertx..", "dev.atrium.http..", "dev.atrium.record..", "dev.atrium.deploy..")
                .check(CLASSES);
    }

    /** The engine's packages form layers: model, types, formula language, query and DDL never go in a circle. */
    @Test
    void theMetadataEnginesPackagesHaveNoCycles() {
        slices().matching("dev.atrium.metadata.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheSchemaMigratorAndDeploymentsTouchDdl() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "dev.atrium.schema..", "dev.atrium.deploy..", "dev.atrium.metadata..", "dev.atrium.cli..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.atrium.metadata.ddl.DdlWriter")
                .check(CLASSES);
    }

    @Test
    void thePluginSdkDependsOnNothingOfThePlatform() {
        noClasses()
                .that()
                .resideInAPackage("dev.atrium.plugin.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.vertx..",
                        "dev.atrium.metadata..",
                        "dev.atrium.record..",
                        "dev.atrium.plugins..",
                        "dev.atrium.http..",
                        "dev.atrium.db..",
                        "com.fasterxml..",
                        "tools.jackson..",
                        "org.graalvm..")
                .check(CLASSES);
    }

    @Test
    void onlyThePluginHostTalksToPf4j() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.atrium.plugins..", "dev.atrium.plugin.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.pf4j..")
                .check(CLASSES);
    }

    /**
     * Two classes of different packages never need each other: one of them belongs with the other, or the
     * shared part belongs in a type of its own (an interface such as {@code ApiServices}).
     */
    @Test
    void noTwoClassesOfDifferentPackagesDependOnEachOther() {
        Map<String, Set<String>> uses = new HashMap<>();
        for (JavaClass c : CLASSES) {
            String from = topLevel(c);
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = topLevel(d.getTargetClass());
                if (to.startsWith("dev.atrium.") && !to.equals(from))
                    uses.computeIfAbsent(from, k -> new HashSet<>()).add(to);
            }
        }
        Set<String> cycles = new TreeSet<>();
        uses.forEach((a, targets) -> {
            for (String b : targets) {
                boolean otherPackage = !packageOf(a).equals(packageOf(b));
                if (otherPackage
                        && a.compareTo(b) < 0
                        && uses.getOrDefault(b, Set.of()).contains(a)) {
                    cycles.add(a + " <-> " + b);
                }
            }
        });
        assertEquals(List.of(), new ArrayList<>(cycles), "classes of different packages that depend on each other");
    }

    private static String topLevel(JavaClass c) {
        String name = c.getName();
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }
}
