package dev.atrium.cli;

import dev.atrium.Platform;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tenant", description = "Manage tenants.", subcommands = TenantCommand.Create.class)
final class TenantCommand {
    @Command(name = "create", description = "Create a tenant (an organisation with its own schema).")
    static final class Create implements Callable<Integer> {
        @Mixin
        AtriumCli.DbOptions db = new AtriumCli.DbOptions();

        @Parameters(index = "0", description = "Slug: lower case letters, digits, _")
        String slug;

        @Option(names = "--name", description = "Display name")
        String name;

        @Override
        public Integer call() {
            try (Platform platform = Platform.startForAdministration(db.config())) {
                var t = platform.blocking(() -> platform.tenants().create(slug, name));
                System.out.println("Created tenant " + t.slug() + " (schema " + t.schema() + ")");
            }
            return 0;
        }
    }
}
