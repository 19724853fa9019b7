package dev.atrium.cli;

import dev.atrium.Platform;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "user",
        description = "Manage users.",
        subcommands = {UserCommand.Create.class, UserCommand.Operator.class})
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

        @Option(
                names = "--operator",
                description = "Also make the user a platform operator (install, stop, remove plugins for everyone)")
        boolean operator;

        @Override
        public Integer call() {
            String pw = password != null ? password : System.getenv("ATRIUM_PASSWORD");
            if (pw == null) throw new IllegalArgumentException("give the password in ATRIUM_PASSWORD (or --password)");
            try (Platform platform = Platform.startForAdministration(db.config())) {
                platform.blocking(() -> {
                    var t = AtriumCli.tenant(platform, tenant);
                    var id = platform.auth().createUser(t, email, name, pw, admin);
                    if (operator) platform.auth().setOperator(id, true);
                    return id;
                });
                System.out.println("Created user " + email + " in " + tenant + (admin ? " (administrator)" : "")
                        + (operator ? " (platform operator)" : ""));
            }
            return 0;
        }
    }

    @Command(
            name = "operator",
            description = "Make a user a platform operator, or (--revoke) take it back. Platform operators install,"
                    + " stop, start and remove plugins, which affects every organisation.")
    static final class Operator implements Callable<Integer> {
        @Mixin
        AtriumCli.DbOptions db = new AtriumCli.DbOptions();

        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--email", required = true)
        String email;

        @Option(names = "--revoke", description = "Take the role back")
        boolean revoke;

        @Override
        public Integer call() {
            try (Platform platform = Platform.startForAdministration(db.config())) {
                platform.blocking(() -> {
                    var t = AtriumCli.tenant(platform, tenant);
                    var user = platform.auth().userId(t, email);
                    if (user == null) throw new IllegalArgumentException("no user " + email + " in " + tenant);
                    platform.auth().setOperator(user, !revoke);
                    return null;
                });
                System.out.println(email + (revoke ? " is no longer" : " is now") + " a platform operator");
            }
            return 0;
        }
    }
}
