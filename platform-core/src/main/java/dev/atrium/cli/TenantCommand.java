package dev.atrium.cli;

import dev.atrium.Platform;
import dev.atrium.operator.OperatorTenants;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "tenant",
        description = "Manage organisations (tenants). Works beside a running server on the same data directory.",
        subcommands = {
            TenantCommand.Create.class,
            TenantCommand.ListAll.class,
            ArchiveCommands.Export.class,
            ArchiveCommands.Restore.class
        })
final class TenantCommand {
    @Command(
            name = "create",
            description = "Create an organisation with its own schema; with --admin-email also its first administrator"
                    + " (password from ATRIUM_PASSWORD) and with --package the packages to install, all or nothing.")
    static final class Create implements Callable<Integer> {
        @Mixin
        AtriumCli.DbOptions db = new AtriumCli.DbOptions();

        @Parameters(index = "0", description = "Slug: lower case letters, digits, _")
        String slug;

        @Option(names = "--name", description = "Display name")
        String name;

        @Option(names = "--admin-email", description = "The first administrator's e-mail")
        String adminEmail;

        @Option(
                names = "--package",
                paramLabel = "ID[@VERSION]",
                description = "A package to install (repeat for several, in order); needs --admin-email")
        List<String> packages = new ArrayList<>();

        @Option(names = "--sample-data", description = "Also load the packages' sample data")
        boolean sampleData;

        @Option(names = "--admin-password", description = "Prefer ATRIUM_PASSWORD: arguments show up in process lists")
        String adminPassword;

        @Override
        public Integer call() {
            if (adminEmail == null && !packages.isEmpty()) {
                throw new IllegalArgumentException(
                        "--package needs --admin-email: packages are installed by " + "an administrator");
            }
            if (adminEmail == null) {
                try (Platform platform = Platform.startForAdministration(db.config())) {
                    var t = platform.blocking(() -> platform.tenants().create(slug, name));
                    System.out.println("Created tenant " + t.slug() + " (schema " + t.schema() + ")");
                }
                return 0;
            }
            String password = adminPassword != null ? adminPassword : System.getenv("ATRIUM_PASSWORD");
            if (password == null)
                throw new IllegalArgumentException("give the administrator's password in " + "ATRIUM_PASSWORD");
            List<OperatorTenants.PackageChoice> choices = new ArrayList<>();
            for (String p : packages) {
                int at = p.indexOf('@');
                choices.add(new OperatorTenants.PackageChoice(
                        at < 0 ? p : p.substring(0, at), at < 0 ? null : p.substring(at + 1), sampleData));
            }
            try (Platform platform = Platform.startTool(db.config())) {
                JsonObject created = platform.blocking(() -> platform.operatorTenants()
                        .create(slug, name, new OperatorTenants.FirstAdmin(adminEmail, null, password), choices, null));
                StringBuilder line = new StringBuilder(
                        "Created tenant " + created.getString("slug") + " with administrator " + adminEmail);
                for (Object o : created.getJsonArray("packages")) {
                    JsonObject p = (JsonObject) o;
                    line.append(", ").append(p.getString("id")).append(' ').append(p.getString("to"));
                }
                System.out.println(line);
            }
            return 0;
        }
    }

    @Command(name = "list", description = "Every organisation with its users and installed packages.")
    static final class ListAll implements Callable<Integer> {
        @Mixin
        AtriumCli.DbOptions db = new AtriumCli.DbOptions();

        @Override
        public Integer call() {
            try (Platform platform = Platform.startForAdministration(db.config())) {
                JsonArray all =
                        platform.blocking(() -> platform.operatorTenants().list());
                for (Object o : all) {
                    JsonObject t = (JsonObject) o;
                    List<String> pkgs = new ArrayList<>();
                    for (Object p : t.getJsonArray("packages")) {
                        pkgs.add(((JsonObject) p).getString("id") + " " + ((JsonObject) p).getString("version"));
                    }
                    System.out.printf(
                            "%-24s %-30s %4d user(s)  %s%n",
                            t.getString("slug"), t.getString("name"), t.getLong("users"), String.join(", ", pkgs));
                }
            }
            return 0;
        }
    }
}
