package dev.atrium.cli;

import dev.atrium.Platform;
import dev.atrium.deploy.DeploymentRequest;
import dev.atrium.metadata.ddl.DdlWriter;
import dev.atrium.metadata.diff.Change;
import dev.atrium.metadata.diff.IdAssigner;
import dev.atrium.metadata.diff.MigrationPlan;
import dev.atrium.metadata.diff.SchemaDiff;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.metadata.validate.MetadataValidator;
import dev.atrium.metadata.validate.Problem;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "metadata",
        description = "Metadata as code: validate, deploy, export and diff entity files.",
        subcommands = {
            MetadataCommand.Validate.class,
            MetadataCommand.Deploy.class,
            MetadataCommand.Export.class,
            MetadataCommand.Diff.class
        })
final class MetadataCommand {

    static List<EntityDef> validated(Path dir) {
        List<MetadataDocument> docs = MetadataFiles.directory(dir);
        if (docs.isEmpty())
            throw new IllegalArgumentException("no entity files (*.entity.json or entities/*.json) under " + dir);
        MetadataValidator.Result r = new MetadataValidator(FieldTypeRegistry.builtIn()).validate(docs);
        if (!r.ok()) {
            for (Problem p : r.problems()) System.err.println(p);
            throw new IllegalArgumentException(r.problems().size() + " problem(s) in " + dir + "; first: "
                    + r.problems().get(0));
        }
        return r.entities();
    }

    @Command(name = "validate", description = "Check entity files (JSON Schema, then meaning). No database needed.")
    static final class Validate implements Callable<Integer> {
        @Parameters(index = "0", description = "Directory with entity files")
        Path dir;

        @Override
        public Integer call() {
            List<EntityDef> entities = validated(dir);
            System.out.println("OK: " + entities.size() + " entities are valid");
            return 0;
        }
    }

    @Command(
            name = "diff",
            description = "Show the migration plan and SQL from one directory of entity files to another. No "
                    + "database needed.")
    static final class Diff implements Callable<Integer> {
        @Parameters(index = "0", description = "Directory before")
        Path before;

        @Parameters(index = "1", description = "Directory after")
        Path after;

        @Override
        public Integer call() {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            IdAssigner ids = new IdAssigner(prefix -> prefix + "_" + n.incrementAndGet());
            List<EntityDef> a = ids.assign(validated(before), MetadataSnapshot.EMPTY);
            List<EntityDef> b = ids.assign(validated(after), MetadataSnapshot.of(1, a));
            MigrationPlan plan = new SchemaDiff(FieldTypeRegistry.builtIn()).diff(a, b, Set.of());
            if (!plan.problems().isEmpty())
                throw new IllegalArgumentException(plan.problems().get(0).toString());
            if (plan.empty()) System.out.println("No changes.");
            for (Change c : plan.changes())
                System.out.println("-- " + c.describe() + (c.dataLoss() ? "  [needs confirmation]" : ""));
            for (String s : new DdlWriter("tenant").sql(plan)) System.out.println(s + ";");
            return 0;
        }
    }

    @Command(
            name = "deploy",
            description = "Deploy a directory of entity files to a tenant (merged into its metadata unless --replace).")
    static final class Deploy implements Callable<Integer> {
        @Mixin
        AtriumCli.DbOptions db = new AtriumCli.DbOptions();

        @Option(names = "--tenant", required = true)
        String tenant;

        @Parameters(index = "0")
        Path dir;

        @Option(names = "--dry-run", description = "Show the plan and SQL; change nothing")
        boolean dryRun;

        @Option(
                names = "--replace",
                description = "The directory is the complete metadata: entities not in it are removed")
        boolean replace;

        @Option(names = "--confirm-data-loss", description = "Accept removals and lossy conversions")
        boolean confirm;

        @Override
        public Integer call() {
            List<MetadataDocument> docs = MetadataFiles.directory(dir);
            try (Platform platform = Platform.startTool(db.config())) {
                JsonObject result = platform.blocking(() -> {
                    var t = AtriumCli.tenant(platform, tenant);
                    return platform.deployments()
                            .deploy(
                                    t,
                                    new DeploymentRequest(
                                            docs,
                                            replace,
                                            List.of(),
                                            dryRun,
                                            confirm,
                                            null,
                                            MetadataFiles.scripts(dir)));
                });
                for (Object c : result.getJsonArray("changes"))
                    System.out.println("-- " + ((JsonObject) c).getString("description"));
                if (dryRun) for (Object s : result.getJsonArray("statements")) System.out.println(s + ";");
                System.out.println(
                        result.getBoolean("unchanged")
                                ? "No changes; metadata stays at version " + result.getLong("toVersion")
                                : dryRun
                                        ? "Dry run: nothing applied."
                                        : "Deployed version " + result.getLong("toVersion"));
            }
            return 0;
        }
    }

    @Command(
            name = "export",
            description = "Write a tenant's metadata as entity files that 'metadata deploy' accepts unchanged.")
    static final class Export implements Callable<Integer> {
        @Mixin
        AtriumCli.DbOptions db = new AtriumCli.DbOptions();

        @Option(names = "--tenant", required = true)
        String tenant;

        @Parameters(index = "0", description = "Target directory (entity files go to <dir>/entities/)")
        Path dir;

        @Override
        public Integer call() throws IOException {
            try (Platform platform = Platform.startTool(db.config())) {
                MetadataSnapshot snap = platform.blocking(() -> {
                    var t = AtriumCli.tenant(platform, tenant);
                    return platform.metadata().snapshot(t.id());
                });
                MetadataExport.write(snap, dir);
                System.out.println("Exported " + snap.entities().size() + " entities (version " + snap.version()
                        + ") to " + dir.resolve("entities"));
            }
            return 0;
        }
    }
}
