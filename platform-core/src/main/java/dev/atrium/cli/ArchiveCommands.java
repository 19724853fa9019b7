package dev.atrium.cli;

import dev.atrium.Platform;
import dev.atrium.archive.TenantExport;
import dev.atrium.archive.TenantRestore;
import dev.atrium.files.LocalFileStore;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atrium tenant export} and {@code atrium tenant restore}: an organisation as one archive, and back. */
final class ArchiveCommands {
    private ArchiveCommands() {}

    @Command(
            name = "export",
            description = "Write an organisation (metadata, users, access, records, files) to a ZIP archive.")
    static final class Export implements Callable<Integer> {
        @Mixin
        AtriumCli.DbOptions db = new AtriumCli.DbOptions();

        @Parameters(index = "0", description = "The organisation's slug")
        String slug;

        @Option(names = "--file", required = true, description = "The archive to write (.zip)")
        Path file;

        @Override
        public Integer call() throws IOException {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            try (Platform platform = Platform.startForAdministration(db.config())) {
                JsonObject manifest;
                try (OutputStream out = Files.newOutputStream(partial)) {
                    manifest = platform.blocking(() -> new TenantExport(
                                    platform.pool(),
                                    new LocalFileStore(platform.config().dataDir()),
                                    platform.views())
                            .write(
                                    AtriumCli.tenant(platform, slug),
                                    dev.atrium.auth.ServicePrincipals.COMMAND_LINE,
                                    out));
                }
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                System.out.println("Wrote " + file + ": "
                        + manifest.getJsonObject("counts").encode());
            } finally {
                Files.deleteIfExists(partial);
            }
            return 0;
        }
    }

    @Command(
            name = "restore",
            description = "Restore an archive as a new organisation, all or nothing (users and access included).")
    static final class Restore implements Callable<Integer> {
        @Mixin
        AtriumCli.DbOptions db = new AtriumCli.DbOptions();

        @Parameters(index = "0", description = "Slug of the new organisation")
        String slug;

        @Option(names = "--file", required = true, description = "The archive (.zip)")
        Path file;

        @Option(names = "--name", description = "Its name (default: the archived organisation's)")
        String name;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no archive " + file);
            try (Platform platform = Platform.startTool(db.config())) {
                JsonObject done = platform.blocking(() -> new TenantRestore(
                                platform.pool(),
                                platform.tenants(),
                                platform.deployments(),
                                new LocalFileStore(platform.config().dataDir()),
                                platform.views())
                        .restore(file, slug, name));
                System.out.println(
                        "Restored " + slug + ": " + done.getJsonObject("counts").encode());
            }
            return 0;
        }
    }
}
