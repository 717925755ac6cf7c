package io.runvault.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the dependency direction: domain ← application ← adapters ← bootstrap, frameworks only outside the core. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The adapters' test jar is on this class path too; its tests wire adapters together on purpose.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.runvault");

    @Test
    void domainDependsOnNoFrameworkNorOuterLayer() {
        noClasses().that().resideInAPackage("io.runvault.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "io.micrometer..", "jakarta..",
                        "software.amazon..", "ch.qos.logback..",
                        "java.sql..", "javax.sql..", "com.fasterxml..", "io.runvault.application..",
                        "io.runvault.adapters..", "io.runvault.bootstrap..")
                .check(CLASSES);
    }

    @Test
    void applicationDependsOnTheDomainOnly() {
        noClasses().that().resideInAPackage("io.runvault.application..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "io.micrometer..", "jakarta..",
                        "software.amazon..", "ch.qos.logback..",
                        "java.sql..", "javax.sql..", "com.fasterxml..", "io.runvault.adapters..",
                        "io.runvault.bootstrap..")
                .check(CLASSES);
    }

    @Test
    void adaptersDoNotReachIntoBootstrap() {
        noClasses().that().resideInAPackage("io.runvault.adapters..")
                .should().dependOnClassesThat().resideInAPackage("io.runvault.bootstrap..")
                .check(CLASSES);
    }

    @Test
    void useCasesAreReachedThroughPortsNotServices() {
        noClasses().that().resideInAPackage("io.runvault.adapters..")
                .should().dependOnClassesThat().resideInAPackage("io.runvault.application.service..")
                .check(CLASSES);
    }

    @Test
    void incomingPortsDoNotDependOnOutgoingOnes() {
        noClasses().that().resideInAPackage("io.runvault.application.port.in..")
                .should().dependOnClassesThat().resideInAPackage("io.runvault.application.port.out..")
                .check(CLASSES);
    }

    @Test
    void restDoesNotTalkToStorageAdaptersDirectly() {
        noClasses().that().resideInAPackage("io.runvault.adapters.in..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "java.sql..")
                .check(CLASSES);
    }

    @Test
    void incomingAdaptersReachOutgoingOnesOnlyThroughInterfaces() {
        noClasses().that().resideInAPackage("io.runvault.adapters.in..")
                .should().dependOnClassesThat().resideInAPackage("io.runvault.adapters.out..")
                .check(CLASSES);
    }

    @Test
    void outgoingAdaptersDoNotReachIncomingOnes() {
        noClasses().that().resideInAPackage("io.runvault.adapters.out..")
                .should().dependOnClassesThat().resideInAPackage("io.runvault.adapters.in..")
                .check(CLASSES);
    }

    /** Postgres, S3 and metering meet only at application ports; what they share sits in adapters.out itself. */
    @Test
    void outgoingAdaptersDoNotReachEachOther() {
        slices().matching("io.runvault.adapters.out.(*)..").should().notDependOnEachOther().check(CLASSES);
    }
}
