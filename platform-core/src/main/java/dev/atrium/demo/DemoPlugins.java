package dev.atrium.demo;

import dev.atrium.Platform;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The shipped plugins the demo enables: locale-ids, web-forms (a contact form to leads) and
 * rfm-analytics (scored once at once). email-channel needs an SMTP server, so it stays off.
 */
final class DemoPlugins {
    static final List<String> ENABLED = List.of("locale-ids", "web-forms", "rfm-analytics");

    private DemoPlugins() {}

    /** The demo plugins present on this node but not yet enabled for the tenant. */
    static List<String> missing(Platform platform, Tenant t) {
        List<String> out = new ArrayList<>();
        for (String id : ENABLED) {
            if (platform.pluginHost().classLoader(id).isEmpty()) continue;
            boolean enabled = platform.pluginHost().list(t.id()).stream()
                    .map(o -> (JsonObject) o)
                    .anyMatch(o -> o.getString("id").equals(id) && o.getBoolean("enabled", false));
            if (!enabled) out.add(id);
        }
        return out;
    }

    static void enable(Platform platform, Tenant t, UUID admin, List<String> ids, Consumer<String> say) {
        var host = platform.pluginHost();
        try {
            for (String id : ids) {
                JsonObject settings = id.equals("web-forms") ? DemoSetup.contactForm() : new JsonObject();
                host.enable(t, id, settings, true, admin);
                if (id.equals("rfm-analytics")) platform.plugins().runNow(t, id, "nightly-scoring");
            }
            say.accept("Plugins enabled: " + String.join(", ", ids));
        } catch (RuntimeException e) {
            say.accept("Could not enable the demo plugins: " + e.getMessage());
        }
    }
}
