package dev.atrium.plugins;

import dev.atrium.deploy.DeploymentRequest;
import dev.atrium.deploy.DeploymentService;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.plugin.api.TemplateContribution;
import dev.atrium.plugin.api.UiContribution;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What plugins contribute besides calls: the entities and fields of their templates (applied when a
 * tenant enables the plugin), navigation entries and static assets for the app.
 */
final class PluginContributions {
    private final PluginHost host;
    private final MetadataRegistry metadata;
    private final DeploymentService deployments;

    PluginContributions(PluginHost host, MetadataRegistry metadata, DeploymentService deployments) {
        this.host = host;
        this.metadata = metadata;
        this.deployments = deployments;
    }

    /** Adds the plugin's entities and the fields missing from existing ones, in one deployment. */
    void applyTemplates(Tenant tenant, RunningPlugin r, UUID actor) {
        MetadataSnapshot snap = metadata.snapshot(tenant.id());
        List<MetadataDocument> docs = new ArrayList<>();
        for (TemplateContribution t : r.extensions().templates()) {
            for (String path : t.entityFiles()) {
                String text;
                try (InputStream in = host.calls().call(r.id(), "template " + t.id(), () -> t.open(path))) {
                    if (in == null)
                        throw ApiProblem.conflict(
                                "plugin-template", "plugin " + r.id() + " lacks its template file " + path);
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw ApiProblem.conflict(
                            "plugin-template", "plugin " + r.id() + " template " + path + ": " + e.getMessage());
                }
                JsonObject doc = new JsonObject(text);
                EntityDef existing = snap.entity(doc.getString("name")).orElse(null);
                if (existing == null) {
                    docs.add(new MetadataDocument(r.id() + path, MetadataReader.parse(text)));
                    continue;
                }
                JsonObject current = new JsonObject(Json.encode(MetadataWriter.entity(existing, null, true)));
                JsonArray fields = current.getJsonArray("fields", new JsonArray());
                boolean added = false;
                for (Object o : doc.getJsonArray("fields", new JsonArray())) {
                    JsonObject f = (JsonObject) o;
                    if (existing.field(f.getString("name")).isEmpty()) {
                        fields.add(f);
                        added = true;
                    }
                }
                if (added)
                    docs.add(new MetadataDocument(
                            r.id() + path,
                            MetadataReader.parse(current.put("fields", fields).encode())));
            }
        }
        if (docs.isEmpty()) return;
        JsonObject result =
                deployments.deploy(tenant, new DeploymentRequest(docs, false, List.of(), false, false, actor));
        if (!result.getBoolean("applied", false)) {
            throw ApiProblem.conflict(
                    "plugin-template", "the plugin's metadata could not be applied: " + result.encode());
        }
    }

    public JsonArray navigation(UUID tenant) {
        JsonArray out = new JsonArray();
        for (RunningPlugin r : host.enabled(tenant)) {
            for (UiContribution u : r.extensions().ui()) {
                for (UiContribution.NavEntry n : u.navigation())
                    out.add(new JsonObject()
                            .put("plugin", r.id())
                            .put("label", n.label())
                            .put("labels", new JsonObject(new java.util.LinkedHashMap<>(n.labels())))
                            .put("path", n.path()));
            }
        }
        return out;
    }

    /** An asset's bytes, or null. */
    public byte[] asset(String plugin, String name) {
        if (!name.matches("[A-Za-z0-9._-]{1,100}") || name.contains("..")) return null;
        RunningPlugin r = host.running(plugin).orElse(null);
        if (r == null) return null;
        for (UiContribution u : r.extensions().ui()) {
            byte[] bytes = host.calls().call(plugin, "asset " + name, () -> {
                try (InputStream in = u.asset(name)) {
                    return in == null ? null : in.readAllBytes();
                }
            });
            if (bytes != null) return bytes;
        }
        return null;
    }
}
