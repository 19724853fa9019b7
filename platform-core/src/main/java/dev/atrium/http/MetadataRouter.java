package dev.atrium.http;

import dev.atrium.deploy.DeploymentRequest;
import dev.atrium.deploy.DeploymentService;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Body;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.tenant.TenantService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** /api/v1/metadata: entities, deployments (dry run, apply, history, rollback), removed fields. */
final class MetadataRouter {
    private final DeploymentService deployments;
    private final MetadataRegistry registry;
    private final TenantService tenants;
    private final FieldTypeRegistry types;

    private final dev.atrium.access.AccessService access;
    private final dev.atrium.rules.RuleEngine rules;

    MetadataRouter(
            DeploymentService deployments,
            MetadataRegistry registry,
            TenantService tenants,
            FieldTypeRegistry types,
            dev.atrium.access.AccessService access,
            dev.atrium.rules.RuleEngine rules) {
        this.rules = rules;
        this.access = access;
        this.deployments = deployments;
        this.registry = registry;
        this.tenants = tenants;
        this.types = types;
    }

    void mount(Router r) {
        r.get("/api/v1/metadata/entities").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            var snap = registry.snapshot(p.tenantId());
            boolean mine = "me".equals(ctx.request().getParam("view"));
            var acc = mine ? access.of(p, snap) : null;
            if (!mine) requireAdmin(ctx);
            JsonArray out = new JsonArray();
            for (EntityDef e : snap.entities()) {
                if (!mine) {
                    out.add(new JsonObject(MetadataWriter.json(MetadataWriter.entity(e, null, true))));
                    continue;
                }
                if (!acc.can(e, "read")) continue;
                out.add(forUser(e, acc));
            }
            Http.json(ctx, 200, new JsonObject().put("version", snap.version()).put("data", out));
        });
        r.get("/api/v1/metadata/entities/:name").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            var snap = registry.snapshot(p.tenantId());
            EntityDef e = snap.entity(ctx.pathParam("name"))
                    .orElseThrow(() -> ApiProblem.notFound("there is no entity \"" + ctx.pathParam("name") + "\""));
            // the full definition (rule sources, hidden fields, approvers) is for metadata managers; anyone
            // else gets what the app shows them, as with ?view=me, and 404 for an entity they cannot read
            if (canManage(p) && !"me".equals(ctx.request().getParam("view"))) {
                Http.json(ctx, 200, new JsonObject(MetadataWriter.json(MetadataWriter.entity(e, null, true))));
                return;
            }
            var acc = access.of(p, snap);
            if (!acc.can(e, "read")) throw ApiProblem.notFound("there is no entity \"" + ctx.pathParam("name") + "\"");
            Http.json(ctx, 200, forUser(e, acc));
        });
        r.get("/api/v1/metadata/version")
                .handler(ctx -> Http.json(
                        ctx,
                        200,
                        new JsonObject()
                                .put(
                                        "version",
                                        registry.snapshot(AuthHandler.principal(ctx)
                                                        .tenantId())
                                                .version())));
        r.get("/api/v1/metadata/field-types")
                .handler(ctx -> Http.json(
                        ctx, 200, new JsonObject().put("data", new JsonArray(new ArrayList<>(types.names())))));
        r.post("/api/v1/metadata/deployments").handler(this::deploy);
        r.post("/api/v1/metadata/rules/test").handler(this::testRule);
        r.get("/api/v1/metadata/deployments").handler(ctx -> {
            requireAdmin(ctx);
            Http.json(
                    ctx, 200, new JsonObject().put("data", deployments.history().list(tenant(ctx))));
        });
        r.get("/api/v1/metadata/deployments/:version").handler(ctx -> {
            requireAdmin(ctx);
            Http.json(ctx, 200, deployments.history().version(tenant(ctx), version(ctx.pathParam("version"))));
        });
        r.post("/api/v1/metadata/rollback").handler(ctx -> {
            requireAdmin(ctx);
            Body b = Body.of(Http.body(ctx), "toVersion", "dryRun", "confirmDataLoss");
            if (!b.has("toVersion"))
                throw ApiProblem.invalidField("/toVersion", "toVersion must be the version number to go back to");
            Http.json(
                    ctx,
                    200,
                    deployments.rollback(
                            tenant(ctx),
                            b.integer("toVersion", 0, 1, Integer.MAX_VALUE),
                            b.bool("dryRun", false),
                            b.bool("confirmDataLoss", false),
                            AuthHandler.principal(ctx).userId()));
        });
        r.get("/api/v1/metadata/removed").handler(ctx -> {
            requireAdmin(ctx);
            Http.json(ctx, 200, new JsonObject().put("data", deployments.aside().list(tenant(ctx))));
        });
        r.delete("/api/v1/metadata/removed/:id").handler(ctx -> {
            requireAdmin(ctx);
            deployments.aside().purge(tenant(ctx), ctx.pathParam("id"));
            ctx.response().setStatusCode(204).end();
        });
    }

    private void deploy(RoutingContext ctx) {
        requireAdmin(ctx);
        Body b = Body.of(Http.body(ctx), "entities", "scripts", "mode", "remove", "dryRun", "confirmDataLoss");
        JsonArray entities = b.array("entities");
        if (entities == null)
            throw ApiProblem.invalidField("/entities", "\"entities\" must be a list of entity definitions");
        List<MetadataDocument> docs = new ArrayList<>();
        for (int i = 0; i < entities.size(); i++) {
            Object v = entities.getValue(i);
            if (!(v instanceof JsonObject o))
                throw ApiProblem.invalidField("/entities/" + i, "each entity must be a JSON object");
            docs.add(new MetadataDocument("/entities/" + i, MetadataReader.parse(o.encode())));
        }
        List<String> remove = b.strings("remove") == null ? List.of() : b.strings("remove");
        String mode = b.oneOf("mode", "merge", "merge", "replace");
        java.util.Map<String, String> scripts = new java.util.HashMap<>();
        JsonObject sc = b.object("scripts");
        if (sc != null) {
            for (String k : sc.fieldNames()) {
                if (!(sc.getValue(k) instanceof String text))
                    throw ApiProblem.invalidField("/scripts/" + k, "a script is the file's text");
                scripts.put(k, text);
            }
        }
        JsonObject result = deployments.deploy(
                tenant(ctx),
                new DeploymentRequest(
                        docs,
                        mode.equals("replace"),
                        remove,
                        b.bool("dryRun", false),
                        b.bool("confirmDataLoss", false),
                        AuthHandler.principal(ctx).userId(),
                        scripts));
        Http.json(ctx, result.getBoolean("applied") ? 201 : 200, result);
    }

    /** Runs a rule's script against a given record without saving anything. */
    private void testRule(RoutingContext ctx) {
        requireAdmin(ctx);
        Body b = Body.of(Http.body(ctx), "rule", "record", "old", "checkOnly");
        Body rule = Body.at(b.object("rule"), "/rule", "name", "source", "kind", "field", "message", "script", "id");
        String source = rule.requiredString("source");
        String name = rule.string("name", "test");
        String syntax = rules.check(name, source);
        if (syntax != null || b.bool("checkOnly", false)) {
            Http.json(ctx, 200, new JsonObject().put("ok", syntax == null).put("failure", syntax));
            return;
        }
        var p = AuthHandler.principal(ctx);
        JsonObject user = new JsonObject()
                .put("id", p.userId().toString())
                .put("email", p.email())
                .put("name", p.displayName())
                .put("locale", p.locale());
        long started = System.nanoTime();
        try {
            var o = rules.run(
                    p.tenantId(),
                    name,
                    source,
                    b.object("record") == null ? new JsonObject() : b.object("record"),
                    b.object("old"),
                    user);
            io.vertx.core.json.JsonArray errors = new io.vertx.core.json.JsonArray();
            o.errors()
                    .forEach(e -> errors.add(new JsonObject().put("field", e[0]).put("message", e[1])));
            Http.json(
                    ctx,
                    200,
                    new JsonObject()
                            .put("ok", true)
                            .put("result", o.result())
                            .put("record", o.record())
                            .put("errors", errors)
                            .put("micros", (System.nanoTime() - started) / 1000));
        } catch (dev.atrium.rules.RuleEngine.RuleFailure f) {
            Http.json(
                    ctx,
                    200,
                    new JsonObject()
                            .put("ok", false)
                            .put("failure", f.getMessage())
                            .put("micros", (System.nanoTime() - started) / 1000));
        }
    }

    private dev.atrium.tenant.Tenant tenant(RoutingContext ctx) {
        return tenants.byId(AuthHandler.principal(ctx).tenantId());
    }

    /** Administrators, and holders of the manageMetadata permission. */
    private void requireAdmin(RoutingContext ctx) {
        if (!canManage(AuthHandler.principal(ctx))) {
            throw ApiProblem.forbidden("metadata definitions, deployments and removed fields need the manageMetadata"
                    + " permission; GET /api/v1/metadata/entities?view=me shows what you may use");
        }
    }

    /** Administrators and holders of manageMetadata: they see and change every definition. */
    boolean canManage(dev.atrium.auth.Principal p) {
        if (p.admin()) return true;
        var grants = access.grants(p);
        return grants != null && grants.admin().contains("manageMetadata");
    }

    private static long version(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiProblem.notFound("\"" + v + "\" is not a version number");
        }
    }

    /**
     * An entity as one user may use it: only the fields they can see, each marked editable or not, the
     * object operations they have, and no rule sources (the app needs labels, types and layout).
     */
    static JsonObject forUser(EntityDef e, dev.atrium.access.Access acc) {
        JsonObject o = new JsonObject(MetadataWriter.json(MetadataWriter.entity(e, null, false)));
        JsonArray fields = new JsonArray();
        for (Object x : o.getJsonArray("fields", new JsonArray())) {
            JsonObject f = (JsonObject) x;
            var def = e.field(f.getString("name")).orElse(null);
            if (def == null || !acc.fields().visible(e, def)) continue;
            fields.add(f.put("editable", acc.canEdit(e, def) && !def.readOnly()));
        }
        o.put("fields", fields);
        // what the app needs to offer the actions, not how they work (actions, conditions, approvers)
        o.remove("rules");
        JsonArray manual = new JsonArray();
        for (Object x : o.getJsonArray("workflows", new JsonArray())) {
            JsonObject w = (JsonObject) x;
            if (w.getJsonArray("on", new JsonArray()).contains("manual"))
                manual.add(new JsonObject().put("name", w.getString("name")).put("on", new JsonArray().add("manual")));
        }
        o.put("workflows", manual);
        JsonArray approvals = new JsonArray();
        for (Object x : o.getJsonArray("approvals", new JsonArray()))
            approvals.add(new JsonObject().put("name", ((JsonObject) x).getString("name")));
        o.put("approvals", approvals);
        JsonArray conversions = new JsonArray();
        for (var c : e.conversions()) {
            conversions.add(new JsonObject()
                    .put("name", c.name())
                    .put("label", new JsonObject(new java.util.LinkedHashMap<>(c.label()))));
        }
        o.put("conversions", conversions);
        JsonArray duplicates = new JsonArray();
        for (var d : e.duplicates()) {
            duplicates.add(new JsonObject()
                    .put("name", d.name())
                    .put("label", new JsonObject(new java.util.LinkedHashMap<>(d.label()))));
        }
        o.put("duplicates", duplicates);
        // a state machine's steps (for the record page's path), not its guards: those stay on the server
        JsonArray machines = new JsonArray();
        for (Object x : o.getJsonArray("stateMachines", new JsonArray())) {
            JsonObject m = (JsonObject) x;
            machines.add(new JsonObject()
                    .put("field", m.getString("field"))
                    .put("initial", m.getJsonArray("initial"))
                    .put("transitions", m.getJsonObject("transitions")));
        }
        o.put("stateMachines", machines);
        o.put(
                "access",
                new JsonObject()
                        .put("create", acc.can(e, "create"))
                        .put("edit", acc.can(e, "edit"))
                        .put("delete", acc.can(e, "delete"))
                        .put("export", acc.can(e, "export")));
        return o;
    }
}
