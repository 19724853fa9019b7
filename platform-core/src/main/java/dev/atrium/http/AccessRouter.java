package dev.atrium.http;

import dev.atrium.access.AccessAdmin;
import dev.atrium.access.AccessService;
import dev.atrium.access.RecordSharing;
import dev.atrium.auth.AuthService;
import dev.atrium.auth.Principal;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Body;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.record.RecordContext;
import dev.atrium.tenant.Tenant;
import dev.atrium.tenant.TenantService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** /api/v1/access (roles, groups, permission sets, sharing rules, explain), /api/v1/users, record shares. */
final class AccessRouter {
    private final AccessAdmin admin;
    private final AccessService access;
    private final RecordSharing sharing;
    private final AuthService auth;
    private final TenantService tenants;
    private final MetadataRegistry metadata;

    private final dev.atrium.audit.AuditService audit;

    AccessRouter(
            AccessAdmin admin,
            AccessService access,
            RecordSharing sharing,
            AuthService auth,
            TenantService tenants,
            MetadataRegistry metadata,
            dev.atrium.audit.AuditService audit) {
        this.audit = audit;
        this.admin = admin;
        this.access = access;
        this.sharing = sharing;
        this.auth = auth;
        this.tenants = tenants;
        this.metadata = metadata;
    }

    void mount(Router r) {
        for (String what : new String[] {"roles", "groups", "permission-sets", "sharing-rules"}) {
            r.get("/api/v1/access/" + what).handler(ctx -> {
                admin.require(AuthHandler.principal(ctx), "manageAccess");
                Http.json(ctx, 200, new JsonObject().put("data", admin.list(tenant(ctx), what)));
            });
            r.delete("/api/v1/access/" + what + "/:id").handler(ctx -> {
                admin.delete(AuthHandler.principal(ctx), tenant(ctx), what, Http.uuid(ctx, "id"));
                ctx.response().setStatusCode(204).end();
            });
        }
        r.post("/api/v1/access/roles")
                .handler(ctx -> Http.json(
                        ctx,
                        201,
                        admin.createRole(
                                AuthHandler.principal(ctx), tenant(ctx), Body.of(Http.body(ctx), "name", "parent"))));
        r.post("/api/v1/access/groups")
                .handler(ctx -> Http.json(
                        ctx,
                        201,
                        admin.createGroup(
                                AuthHandler.principal(ctx),
                                tenant(ctx),
                                Body.of(Http.body(ctx), "name", "team", "members"))));
        r.put("/api/v1/access/groups/:id/members").handler(ctx -> {
            admin.setGroupMembers(
                    AuthHandler.principal(ctx),
                    tenant(ctx),
                    Http.uuid(ctx, "id"),
                    java.util.Objects.requireNonNullElse(
                            Body.of(Http.body(ctx), "members").uuids("members"), java.util.List.of()));
            ctx.response().setStatusCode(204).end();
        });
        r.post("/api/v1/access/permission-sets")
                .handler(ctx -> Http.json(
                        ctx,
                        201,
                        admin.savePermissionSet(
                                AuthHandler.principal(ctx),
                                tenant(ctx),
                                null,
                                Body.of(Http.body(ctx), "name", "definition"))));
        r.put("/api/v1/access/permission-sets/:id")
                .handler(ctx -> Http.json(
                        ctx,
                        200,
                        admin.savePermissionSet(
                                AuthHandler.principal(ctx),
                                tenant(ctx),
                                Http.uuid(ctx, "id"),
                                Body.of(Http.body(ctx), "name", "definition"))));
        r.post("/api/v1/access/sharing-rules").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            Http.json(
                    ctx,
                    201,
                    admin.createSharingRule(
                            p,
                            tenant(ctx),
                            metadata.snapshot(p.tenantId()),
                            Body.of(Http.body(ctx), "name", "entity", "filter", "access", "role", "group")));
        });
        r.get("/api/v1/directory").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            if (access.of(p, metadata.snapshot(p.tenantId())).portalAccount() != null) {
                throw dev.atrium.internal.ApiProblem.forbidden("the directory is for the organisation's own people");
            }
            Http.json(ctx, 200, new JsonObject().put("data", admin.users().directory(tenant(ctx))));
        });
        r.get("/api/v1/users").handler(ctx -> {
            admin.require(AuthHandler.principal(ctx), "manageUsers");
            Http.json(ctx, 200, new JsonObject().put("data", admin.users().users(tenant(ctx))));
        });
        r.post("/api/v1/users")
                .handler(ctx -> Http.json(
                        ctx,
                        201,
                        admin.users()
                                .createUser(
                                        AuthHandler.principal(ctx),
                                        tenant(ctx),
                                        Body.of(Http.body(ctx), dev.atrium.access.UserAdmin.CREATE))));
        r.patch("/api/v1/users/:id").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            admin.users()
                    .updateUser(
                            p,
                            tenant(ctx),
                            metadata.snapshot(p.tenantId()),
                            Http.uuid(ctx, "id"),
                            Body.of(Http.body(ctx), dev.atrium.access.UserAdmin.UPDATE));
            ctx.response().setStatusCode(204).end();
        });
        r.get("/api/v1/access/explain").handler(this::explain);
        r.post("/api/v1/users/:id/handover").handler(ctx -> {
            Principal p = AuthHandler.principal(ctx);
            admin.require(p, "manageUsers");
            Body b = Body.of(Http.body(ctx), "to", "entities", "filters", "dryRun");
            java.util.List<UUID> to = b.json().getValue("to") instanceof String
                    ? java.util.List.of(b.uuid("to"))
                    : java.util.Objects.requireNonNullElse(b.uuids("to"), java.util.List.of());
            java.util.List<String> entities = b.strings("entities");
            UUID from = Http.uuid(ctx, "id");
            if (auth.principalOf(from, p.tenantId()) == null && !userExists(p, from))
                throw ApiProblem.notFound("no user " + from);
            Http.json(
                    ctx,
                    200,
                    admin.handover()
                            .handover(
                                    tenant(ctx),
                                    metadata.snapshot(p.tenantId()),
                                    p.userId(),
                                    new dev.atrium.access.HandoverService.Request(
                                            from, to, entities, b.object("filters"), b.bool("dryRun", false))));
        });
        r.get("/api/v1/records/:entity/:id/history").handler(ctx -> {
            RecordContext rc = context(ctx, AuthHandler.principal(ctx));
            var e = entity(rc, ctx);
            UUID id = Http.uuid(ctx, "id");
            if (!rc.access().can(e, "read") || !sharing.admits(rc, e, id, false))
                throw ApiProblem.notFound("there is no " + e.displayName() + " with id " + id);
            Http.json(ctx, 200, new JsonObject().put("data", audit.history(rc, e, id)));
        });
        r.post("/api/v1/records/:entity/:id/shares").handler(ctx -> {
            RecordContext rc = context(ctx, AuthHandler.principal(ctx));
            Http.json(
                    ctx,
                    201,
                    sharing.share(
                            rc,
                            entity(rc, ctx),
                            Http.uuid(ctx, "id"),
                            Body.of(Http.body(ctx), "user", "group", "access")));
        });
        r.get("/api/v1/records/:entity/:id/shares").handler(ctx -> {
            RecordContext rc = context(ctx, AuthHandler.principal(ctx));
            Http.json(
                    ctx, 200, new JsonObject().put("data", sharing.shares(rc, entity(rc, ctx), Http.uuid(ctx, "id"))));
        });
        r.delete("/api/v1/records/:entity/:id/shares/:target").handler(ctx -> {
            RecordContext rc = context(ctx, AuthHandler.principal(ctx));
            sharing.unshare(rc, entity(rc, ctx), Http.uuid(ctx, "id"), Http.uuid(ctx, "target"));
            ctx.response().setStatusCode(204).end();
        });
    }

    private void explain(RoutingContext ctx) {
        Principal caller = AuthHandler.principal(ctx);
        admin.require(caller, "manageAccess");
        String userParam = ctx.request().getParam("user");
        if (userParam == null
                || ctx.request().getParam("entity") == null
                || ctx.request().getParam("id") == null) {
            throw ApiProblem.badRequest("explain needs user, entity and id (and optionally field)");
        }
        UUID userId;
        UUID id;
        try {
            userId = UUID.fromString(userParam);
            id = UUID.fromString(ctx.request().getParam("id"));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("user and id must be ids");
        }
        Principal subject = auth.principalOf(userId, caller.tenantId());
        if (subject == null) throw ApiProblem.notFound("no active user " + userId);
        RecordContext rc = context(ctx, subject);
        var e = rc.snapshot()
                .entity(ctx.request().getParam("entity"))
                .orElseThrow(
                        () -> ApiProblem.notFound("no entity " + ctx.request().getParam("entity")));
        Http.json(ctx, 200, sharing.explain(rc, e, id, ctx.request().getParam("field"), access.describe(subject)));
    }

    /** Any user (active or not) of the caller's organisation. */
    private boolean userExists(Principal p, UUID user) {
        return admin.users().users(tenants.byId(p.tenantId())).stream()
                .anyMatch(o -> ((JsonObject) o).getString("id").equals(user.toString()));
    }

    private RecordContext context(RoutingContext ctx, Principal p) {
        var snapshot = metadata.snapshot(p.tenantId());
        return new RecordContext(tenants.byId(p.tenantId()), p, snapshot, access.of(p, snapshot));
    }

    private static dev.atrium.metadata.model.EntityDef entity(RecordContext rc, RoutingContext ctx) {
        return rc.snapshot()
                .entity(ctx.pathParam("entity"))
                .orElseThrow(() -> ApiProblem.notFound("there is no entity \"" + ctx.pathParam("entity") + "\""));
    }

    private Tenant tenant(RoutingContext ctx) {
        return tenants.byId(AuthHandler.principal(ctx).tenantId());
    }
}
