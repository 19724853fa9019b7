package dev.atrium.cli;

import dev.atrium.Platform;
import dev.atrium.auth.Principal;
import dev.atrium.imports.Imports;
import dev.atrium.record.RecordContext;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code atrium import}: a CSV or XLSX file of any size into an entity, as a named user, through the same
 * import the app runs (mapping, conversion, rules, audit trail, undo). The file is streamed into the
 * database; the import runs here and commits batch by batch, so a stopped command is resumed with
 * {@code --resume <id>} (or by a running server, which picks the import up as a job).
 */
@Command(name = "import", description = "Import a CSV or XLSX file into an entity (any size); resumable with --resume")
final class ImportCommand implements Callable<Integer> {
    @Mixin
    AtriumCli.DbOptions db = new AtriumCli.DbOptions();

    @Option(names = "--tenant", required = true, description = "The organisation's slug")
    String tenant;

    @Option(names = "--as", required = true, description = "E-mail of the user the import runs as (their access)")
    String as;

    @Option(names = "--entity", description = "The entity to import into")
    String entity;

    @Option(names = "--file", description = "The CSV or XLSX file")
    Path file;

    @Option(names = "--resume", description = "Go on with an import stopped before it finished")
    UUID resume;

    @Option(
            names = "--settings",
            description = "JSON of the import's settings to change, as the API's PATCH takes them, e.g. "
                    + "'{\"mode\": \"upsert\", \"match\": \"code\", \"fields\": [\"name\", \"code\", null]}'")
    String settings;

    @Option(names = "--no-workflows", description = "A data migration: start no workflows (administrators only)")
    boolean noWorkflows;

    @Option(names = "--errors", description = "Write the rows that failed, with the reason, to this CSV file")
    Path errors;

    @Override
    public Integer call() {
        if (resume == null && (entity == null || file == null))
            throw new IllegalArgumentException("give --entity and --file (or --resume <id>)");
        if (file != null && !Files.isRegularFile(file)) throw new IllegalArgumentException("no file " + file);
        JsonObject change = settings == null ? new JsonObject() : parse(settings);
        if (noWorkflows) change.put("workflows", false);
        try (Platform platform = Platform.startTool(db.config())) {
            JsonObject done = platform.blocking(() -> run(platform, change));
            JsonObject p = done.getJsonObject("progress");
            System.out.printf(
                    "Import %s: %s, %d created, %d updated, %d failed%n",
                    done.getString("id"),
                    p.getString("status"),
                    p.getInteger("created"),
                    p.getInteger("updated"),
                    p.getInteger("errors"));
            return p.getInteger("errors") == 0 ? 0 : 2;
        }
    }

    private JsonObject run(Platform platform, JsonObject change) throws IOException {
        Tenant t = AtriumCli.tenant(platform, tenant);
        UUID user = platform.auth().userId(t, as);
        if (user == null) throw new IllegalArgumentException("no user " + as + " in " + tenant);
        Principal p = platform.auth().principalOf(user, t.id());
        var snap = platform.metadata().snapshot(t.id());
        RecordContext ctx = new RecordContext(t, p, snap, platform.access().of(p, snap));
        Imports imports = new Imports(
                platform.pool(),
                platform.records(),
                platform.auth(),
                platform.access(),
                platform.tenants(),
                platform.metadata());
        UUID id = resume;
        if (id == null) {
            try (InputStream in = Files.newInputStream(file)) {
                id = UUID.fromString(
                        imports.create(ctx, entity, file.getFileName().toString(), in)
                                .getString("id"));
            }
            JsonObject described = change.isEmpty() ? imports.describe(ctx, id) : imports.configure(ctx, id, change);
            System.out.println("Import " + id + ": columns " + described.getJsonArray("headers") + " -> "
                    + described.getJsonObject("settings").getJsonArray("fields", new JsonArray()));
            imports.start(ctx, id);
        }
        JsonObject payload = new JsonObject().put("import", id.toString());
        while (!imports.job(t.id(), payload).getBoolean("done", true)) {
            JsonObject s = imports.status(ctx, id);
            System.out.printf("  %,d of %,d rows%n", s.getInteger("processed"), s.getInteger("total"));
        }
        if (errors != null) Files.writeString(errors, imports.errors(ctx, id), StandardCharsets.UTF_8);
        return imports.describe(ctx, id);
    }

    private static JsonObject parse(String json) {
        try {
            return new JsonObject(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--settings is not a JSON object: " + e.getMessage());
        }
    }
}
