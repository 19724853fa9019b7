package dev.atrium.cli;

import dev.atrium.Platform;
import dev.atrium.auth.Principal;
import dev.atrium.demo.DemoData;
import dev.atrium.demo.TemplateInstaller;
import dev.atrium.tenant.Tenant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        description = "Start the platform with a demo tenant: the crm-core template, sample data and an admin login.")
final class DemoCommand implements Callable<Integer> {
    static final String EMAIL = "admin@demo.atrium.dev";
    static final String PASSWORD = "atrium-demo-2026";

    @Mixin
    AtriumCli.DbOptions db = new AtriumCli.DbOptions();

    @Option(names = "--port", description = "HTTP port (default 8080; env ATRIUM_PORT)")
    Integer port;

    @Override
    public Integer call() {
        var config = db.config();
        if (port != null) config = config.withPort(port);
        var pluginConfig =
                dev.atrium.plugins.PluginConfig.load(config.dataDir()).withDevKeyTrusted(true);
        copyShippedPlugins(pluginConfig.dir());
        Platform platform = Platform.start(config, pluginConfig);
        platform.blocking(() -> {
            if (platform.tenants().bySlug("demo").isPresent()) {
                System.out.println("Demo tenant already exists; keeping its data.");
                return null;
            }
            System.out.println("Creating the demo tenant with the crm-core template and sample data...");
            Tenant t = platform.tenants().create("demo", "Demo Company");
            UUID admin = platform.auth().createUser(t, EMAIL, "Demo Admin", PASSWORD, true);
            TemplateInstaller.install(
                    platform,
                    t,
                    TemplateInstaller.bundled("crm-core"),
                    TemplateInstaller.bundledScripts("crm-core"),
                    admin);
            Principal p = new Principal(admin, t.id(), EMAIL, "Demo Admin", true, "en", null);
            int n = new DemoData(platform, t, p).load();
            System.out.println("Loaded " + n + " sample records.");
            enableDemoPlugins(platform, t, admin);
            return null;
        });
        int p = platform.serve();
        AtriumCli.keepRunning(platform);
        System.out.println();
        System.out.println("  Atrium demo is running:  http://localhost:" + p + "/");
        System.out.println("  Tenant:   demo");
        System.out.println("  Login:    " + EMAIL);
        System.out.println("  Password: " + PASSWORD);
        System.out.println("  API:      http://localhost:" + p + "/api/v1/openapi.json (after login)");
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

    /** locale-ids, rfm-analytics (scored once now) and web-forms (a contact form to leads); e-mail needs an SMTP server, so it stays off. */
    private static void enableDemoPlugins(Platform platform, Tenant t, UUID admin) {
        var host = platform.pluginHost();
        try {
            if (host.classLoader("locale-ids").isPresent())
                host.enable(t, "locale-ids", new io.vertx.core.json.JsonObject(), true, admin);
            if (host.classLoader("web-forms").isPresent()) {
                host.enable(
                        t,
                        "web-forms",
                        new io.vertx.core.json.JsonObject()
                                .put(
                                        "forms",
                                        "{\"contact\": {\"entity\": \"lead\", \"fields\": {\"name\": \"name\", \"company\": \"company\", \"email\": \"email\"}, "
                                                + "\"fixed\": {\"source\": \"web\"}, \"required\": [\"email\"]}}"),
                        true,
                        admin);
            }
            if (host.classLoader("rfm-analytics").isPresent()) {
                host.enable(t, "rfm-analytics", new io.vertx.core.json.JsonObject(), true, admin);
                platform.plugins().runNow(t, "rfm-analytics", "nightly-scoring");
            }
            System.out.println("Plugins enabled: "
                    + String.join(
                            ", ",
                            platform.pluginHost().list(t.id()).stream()
                                    .map(o -> (io.vertx.core.json.JsonObject) o)
                                    .filter(o -> o.getBoolean("enabled", false))
                                    .map(o -> o.getString("id"))
                                    .toList()));
        } catch (RuntimeException e) {
            System.out.println("Could not enable the demo plugins: " + e.getMessage());
        }
    }
}
