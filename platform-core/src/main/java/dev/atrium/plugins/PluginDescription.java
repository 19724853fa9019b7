package dev.atrium.plugins;

import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.AtriumExtension;
import dev.atrium.plugin.api.ConfigProperty;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.TreeSet;

/**
 * A plugin as the plugin manager shows it: version, state (started, stopped, failed), the last error,
 * its extensions, the settings form, the access it needs, the calls running (and abandoned by an
 * earlier load), the last failed call's details, and with a tenant its enablement there (secrets masked).
 * Administrators only: it carries the details callers never see.
 */
final class PluginDescription {
    private PluginDescription() {}

    static JsonObject of(
            String id,
            String version,
            String state,
            RunningPlugin r,
            String error,
            PluginCalls calls,
            TenantPlugin tenant) {
        JsonObject o = new JsonObject().put("id", id).put("version", version).put("state", state);
        if (r != null) {
            o.put("description", r.description())
                    .put("provider", r.provider())
                    .put("requires", r.requires())
                    .put("signedBy", r.signer());
            JsonArray ext = new JsonArray();
            for (AtriumExtension e : r.extensions().all())
                ext.add(new JsonObject().put("kind", PluginLoader.kind(e)).put("id", e.id()));
            o.put("extensions", ext);
            JsonArray settings = new JsonArray();
            for (ConfigProperty p : r.settings()) {
                settings.add(new JsonObject()
                        .put("name", p.name())
                        .put("label", p.label())
                        .put("help", p.help())
                        .put("type", p.type().name().toLowerCase())
                        .put("required", p.required())
                        .put("secret", p.secret())
                        .put("default", p.defaultValue()));
            }
            o.put("settings", settings);
            JsonArray access = new JsonArray();
            for (AccessNeed n : r.access())
                access.add(new JsonObject()
                        .put("entity", n.entity())
                        .put("operations", new JsonArray(new ArrayList<>(new TreeSet<>(n.operations())))));
            o.put("access", access);
        }
        o.put("callsRunning", calls.running(id))
                .put("abandonedCalls", calls.abandoned(id))
                .put("lastCallError", calls.lastError(id))
                .put("error", error);
        if (tenant != null || r != null) {
            o.put("enabled", tenant != null && tenant.enabled() && r != null);
            o.put("suspended", tenant == null ? null : tenant.suspendedReason());
            JsonObject values = new JsonObject();
            if (tenant != null && r != null) {
                for (ConfigProperty p : r.settings()) {
                    String v = tenant.settings().get(p.name());
                    values.put(p.name(), p.secret() ? (v == null || v.isEmpty() ? null : "********") : v);
                }
            }
            o.put("values", values);
        }
        return o;
    }
}
