package dev.atrium.cli;

import dev.atrium.Platform;
import dev.atrium.auth.Principal;
import dev.atrium.demo.DemoData;
import dev.atrium.demo.TemplateInstaller;
import dev.atrium.tenant.Tenant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "demo", description = "Start the platform with a demo tenant: the crm-core template, sample data and an admin login.")
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
        Platform platform = Platform.start(config, dev.atrium.plugins.PluginConfig.load(config.dataDir()).withDevKeyTrusted(true));
        platform.blocking(() -> {
            if (platform.tenants().bySlug("demo").isPresent()) {
                System.out.println("Demo tenant already exists; keeping its data.");
                return null;
            }
            System.out.println("Creating the demo tenant with the crm-core template and sample data...");
            Tenant t = platform.tenants().create("demo", "Demo Company");
            UUID admin = platform.auth().createUser(t, EMAIL, "Demo Admin", PASSWORD, true);
            TemplateInstaller.install(platform, t, TemplateInstaller.bundled("crm-core"), TemplateInstaller.bundledScripts("crm-core"), admin);
            Principal p = new Principal(admin, t.id(), EMAIL, "Demo Admin", true, "en", null);
            int n = new DemoData(platform, t, p).load();
            System.out.println("Loaded " + n + " sample records.");
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
}
