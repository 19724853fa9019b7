package dev.atrium.demo;

import dev.atrium.Platform;
import dev.atrium.auth.Principal;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The demo tenant, set up in steps that each check whether they are done: the tenant, its administrator,
 * the crm-core template, the sample data (one transaction) and the demo plugins. A start that was
 * interrupted anywhere (a killed process, a refused step) is finished by the next start, which skips
 * what is already there and never loads the sample data twice. Awaits: virtual thread only.
 */
public final class DemoSetup {
    public static final String SLUG = "demo";
    public static final String EMAIL = "admin@demo.atrium.dev";
    public static final String PASSWORD = "atrium-demo-2026";

    private final Platform platform;
    private final Consumer<String> say;

    public DemoSetup(Platform platform, Consumer<String> say) {
        this.platform = platform;
        this.say = say;
    }

    /** Runs the steps not yet done, with the default amount of sample data; returns the tenant. */
    public Tenant run() {
        return run(1);
    }

    /**
     * Runs the steps not yet done; sample data {@code scale} times the default amount (about 5,000 records
     * each), loaded only into an organisation that has none. Returns the tenant.
     */
    public Tenant run(int scale) {
        Tenant t = platform.tenants().bySlug(SLUG).orElse(null);
        boolean fresh = t == null;
        if (fresh) {
            say.accept("Creating the demo tenant with the crm-core template and sample data...");
            t = platform.tenants().create(SLUG, "Demo Company");
        }
        UUID admin = admin(t);
        boolean templateMissing = platform.packages().list(t).stream()
                .map(o -> (io.vertx.core.json.JsonObject) o)
                .noneMatch(o -> o.getString("id").equals("crm-core") && o.getJsonObject("installed") != null);
        boolean dataMissing = templateMissing || accounts(t) == 0;
        List<String> pluginsMissing = DemoPlugins.missing(platform, t);
        if (!fresh && !templateMissing && !dataMissing && pluginsMissing.isEmpty()) {
            say.accept("Demo tenant already exists; keeping its data.");
            return t;
        }
        if (!fresh) say.accept("Finishing the demo setup an earlier start did not complete...");
        if (templateMissing) {
            platform.packages()
                    .run(
                            t,
                            dev.atrium.packages.PackageService.Action.INSTALL,
                            new dev.atrium.packages.PackageService.Request(
                                    "crm-core", null, null, false, null, null, false, admin));
        }
        if (dataMissing) {
            Principal p = new Principal(admin, t.id(), EMAIL, "Demo Admin", true, "en", null);
            if (scale > 1) say.accept("Loading about " + (scale * 5) + ",000 sample records; this takes a while...");
            int n = new DemoData(platform, t, p, scale).load();
            say.accept("Loaded " + n + " sample records.");
        }
        if (!pluginsMissing.isEmpty()) DemoPlugins.enable(platform, t, admin, pluginsMissing, say);
        return t;
    }

    /**
     * Installs the named industry packages (with their sample data) in the demo tenant, each unless it is
     * there already; an unknown name is refused before anything changes.
     */
    public void packages(Tenant t, List<String> ids) {
        for (String id : ids) {
            if (platform.packages().catalog().newest(id, "*") == null) {
                throw new IllegalArgumentException("there is no package \"" + id + "\"; the shipped ones are in"
                        + " industry-templates/packages.json");
            }
        }
        UUID admin = admin(t);
        for (String id : ids) {
            boolean installed = platform.packages().list(t).stream()
                    .map(o -> (JsonObject) o)
                    .anyMatch(o -> o.getString("id").equals(id) && o.getJsonObject("installed") != null);
            if (installed) continue;
            say.accept("Installing " + id + " with its sample data...");
            platform.packages()
                    .run(
                            t,
                            dev.atrium.packages.PackageService.Action.INSTALL,
                            new dev.atrium.packages.PackageService.Request(
                                    id, null, null, false, null, null, true, admin));
        }
    }

    /** The demo's administrator, also the platform operator of this one-organisation installation. */
    private UUID admin(Tenant t) {
        UUID existing = platform.auth().userId(t, EMAIL);
        if (existing != null) return existing;
        UUID id = platform.auth().createUser(t, EMAIL, "Demo Admin", PASSWORD, true);
        platform.auth().setOperator(id, true);
        return id;
    }

    private long accounts(Tenant t) {
        return platform.pool()
                .query("SELECT count(*) FROM " + dev.atrium.metadata.sql.Sql.table(t.schema(), "account"))
                .execute()
                .await()
                .iterator()
                .next()
                .getLong(0);
    }

    /** The plugin settings the demo uses for web-forms: a contact form that creates leads. */
    static JsonObject contactForm() {
        return new JsonObject()
                .put(
                        "forms",
                        "{\"contact\": {\"entity\": \"lead\", \"fields\": {\"name\": \"name\", \"company\": "
                                + "\"company\","
                                + " \"email\": \"email\"}, \"fixed\": {\"source\": \"web\"}, \"required\": "
                                + "[\"email\"]}}");
    }
}
