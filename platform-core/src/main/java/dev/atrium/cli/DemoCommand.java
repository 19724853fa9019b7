package dev.atrium.cli;

import dev.atrium.Platform;
import dev.atrium.demo.DemoSetup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        description = "Start the platform with a demo tenant: the crm-core template, sample data and an admin login.")
final class DemoCommand implements Callable<Integer> {
    static final String EMAIL = DemoSetup.EMAIL;
    static final String PASSWORD = DemoSetup.PASSWORD;

    @Mixin
    AtriumCli.DbOptions db = new AtriumCli.DbOptions();

    @Option(names = "--port", description = "HTTP port (default 8080; env ATRIUM_PORT)")
    Integer port;

    /** How much sample data a new demo organisation gets. */
    enum Size {
        normal(1),
        large(20);

        final int scale;

        Size(int scale) {
            this.scale = scale;
        }
    }

    @Option(
            names = "--size",
            paramLabel = "SIZE",
            description =
                    "Sample data of a new demo: normal (about 5,000 records, the default) or large (about 100,000,"
                            + " for performance work)")
    Size size = Size.normal;

    @Option(
            names = "--package",
            paramLabel = "NAME",
            description = "Also install this industry package with its sample data (repeatable), e.g. real-estate")
    java.util.List<String> packages = new java.util.ArrayList<>();

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1; env ATRIUM_HOST; 0.0.0.0 = all)")
    String host;

    @Override
    public Integer call() {
        var config = db.config(true);
        if (port != null) config = config.withPort(port);
        if (host != null) config = config.withHost(host);
        var pluginConfig =
                dev.atrium.plugins.PluginConfig.load(config.dataDir()).withDevKeyTrusted(true);
        copyShippedPlugins(pluginConfig.dir());
        Platform platform = Platform.start(config, pluginConfig);
        try {
            platform.blocking(() -> {
                DemoSetup setup = new DemoSetup(platform, System.out::println);
                setup.packages(setup.run(size.scale), packages);
                return null;
            });
        } catch (IllegalArgumentException e) {
            System.err.println("atrium: " + e.getMessage());
            platform.close();
            return 2;
        }
        int p = platform.serve();
        AtriumCli.keepRunning(platform);
        System.out.println();
        System.out.println("  Atrium demo is running:  http://localhost:" + p + "/");
        System.out.println("  Tenant:   demo");
        System.out.println("  Login:    " + EMAIL);
        System.out.println("  Password: " + PASSWORD);
        System.out.println("  API:      http://localhost:" + p + "/api/v1/openapi.json (after login)");
        System.out.println("  " + config.listeningSummary(p));
        System.out.println();
        return 0;
    }

    /** The plugins built next to this jar (plugins/NAME/target), copied into the plugin directory once. */
    private static void copyShippedPlugins(java.nio.file.Path dir) {
        for (String name : SHIPPED) {
            java.nio.file.Path target = java.nio.file.Path.of("plugins", name, "target");
            if (!java.nio.file.Files.isDirectory(target)) continue;
            try (var files = java.nio.file.Files.list(target)) {
                var jar = files.filter(f -> f.getFileName()
                                .toString()
                                .matches(java.util.regex.Pattern.quote(name) + "-[0-9].*\\.jar"))
                        .findFirst();
                if (jar.isEmpty()) continue;
                java.nio.file.Files.createDirectories(dir);
                try (var existing = java.nio.file.Files.list(dir)) {
                    if (existing.anyMatch(f -> f.getFileName().toString().startsWith(name + "-"))) continue;
                }
                java.nio.file.Files.copy(jar.get(), dir.resolve(jar.get().getFileName()));
            } catch (java.io.IOException e) {
                System.out.println("Could not copy the " + name + " plugin: " + e.getMessage());
            }
        }
    }

    private static final java.util.List<String> SHIPPED =
            java.util.List.of("locale-ids", "email-channel", "rfm-analytics", "web-forms");
}
