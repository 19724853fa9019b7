package dev.atrium;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
}
