package dev.atrium.cli;

import dev.atrium.Platform;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "user", description = "Manage users.", subcommands = UserCommand.Create.class)
final class UserCommand {
    @Command(name = "create", description = "Create a user. The password is read from ATRIUM_PASSWORD or --password.")
    static final class Create implements Callable<Integer> {
        @Mixin
        AtriumCli.DbOptions db = new AtriumCli.DbOptions();

        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--email", required = true)
        String email;

        @Option(names = "--name")
        String name;

        @Option(names = "--password", description = "Prefer ATRIUM_PASSWORD: arguments show up in process lists")
        String password;

        @Option(names = "--admin", description = "Grant administrator rights")
        boolean admin;

        @Override
        public Integer call() {
            String pw = password != null ? password : System.getenv("ATRIUM_PASSWORD");
            if (pw == null) throw new IllegalArgumentException("give the password in ATRIUM_PASSWORD (or --password)");
            try (Platform platform = Platform.start(db.config())) {
                platform.blocking(() -> {
                    var t = AtriumCli.tenant(platform, tenant);
                    return platform.auth().createUser(t, email, name, pw, admin);
                });
                System.out.println("Created user " + email + " in " + tenant + (admin ? " (administrator)" : ""));
            }
            return 0;
        }
    }
}
