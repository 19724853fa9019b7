package dev.atrium.cli;

import dev.atrium.Platform;
import dev.atrium.config.AtriumConfig;
import dev.atrium.internal.ApiProblem;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code atrium} command. Every failure ends with one line on stderr and a non-zero exit code.
 */
@Command(
        name = "atrium",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        version = "Atrium 0.1.0",
        description = "Low-code, metadata-driven CRM platform.",
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            TenantCommand.class,
            UserCommand.class,
            MetadataCommand.class,
            PackageCommand.class,
            ImportCommand.class
        })
public final class AtriumCli implements Callable<Integer> {

    /** Options every command that opens the database shares. */
    static final class DbOptions {
        @Option(
                names = "--db-url",
                description = "External PostgreSQL JDBC URL (default: embedded PostgreSQL under --data-dir; env "
                        + "ATRIUM_DB_URL)")
        String dbUrl;

        @Option(names = "--db-user", description = "Database user (env ATRIUM_DB_USER)")
        String dbUser;

        @Option(names = "--db-password", description = "Database password (env ATRIUM_DB_PASSWORD)")
        String dbPassword;

        @Option(
                names = "--data-dir",
                description = "Data directory of the embedded PostgreSQL (default ./data; env ATRIUM_DATA_DIR)")
        Path dataDir;

        AtriumConfig config() {
            return config(false);
        }

        /** @param demo the demo's defaults (see {@link AtriumConfig#load(boolean)}) */
        AtriumConfig config(boolean demo) {
            AtriumConfig c = AtriumConfig.load(demo);
            if (dataDir != null) c = c.withDataDir(dataDir);
            if (dbUrl != null)
                c = c.withDb(
                        dbUrl, dbUser != null ? dbUser : c.dbUser(), dbPassword != null ? dbPassword : c.dbPassword());
            return c;
        }
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new AtriumCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable root = e;
            while (root.getCause() != null && !(root instanceof ApiProblem) && root.getMessage() == null)
                root = root.getCause();
            String msg = root instanceof ApiProblem p ? p.getMessage() + errors(p) : root.getMessage();
            System.err.println("atrium: " + (msg == null ? root.getClass().getSimpleName() : msg.replace('\n', ' ')));
            return 1;
        });
        int code = cli.execute(args);
        if (code != 0 || !serving) System.exit(code);
    }

    private static String errors(ApiProblem p) {
        var json = p.toJson(null);
        var errors = json.getJsonArray("errors");
        if (errors == null || errors.isEmpty()) return "";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(errors.size(), 5); i++) {
            var e = errors.getJsonObject(i);
            sb.append(" | ")
                    .append(e.getString("pointer", e.getString("entity", "")))
                    .append(": ")
                    .append(e.getString("message"));
        }
        return sb.toString();
    }

    /** The tenant with this slug, or a one-line error naming it. Awaits: call inside {@link Platform#blocking}. */
    static dev.atrium.tenant.Tenant tenant(Platform platform, String slug) {
        return platform.tenants()
                .bySlug(slug)
                .orElseThrow(() -> new IllegalArgumentException("no tenant \"" + slug + "\""));
    }

    /** Set by commands that keep running (serve, demo) so main does not exit. */
    static volatile boolean serving;

    static void keepRunning(Platform platform) {
        serving = true;
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "atrium-shutdown"));
    }
}
