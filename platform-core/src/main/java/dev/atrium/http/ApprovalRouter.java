package dev.atrium.http;

import dev.atrium.approval.ApprovalService;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Body;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Approvals: submit a record, see a record's approvals, the caller's queue, approve or reject. */
final class ApprovalRouter {
    private final ApprovalService approvals;
    private final ApiServices platform;

    ApprovalRouter(ApprovalService approvals, ApiServices platform) {
        this.approvals = approvals;
        this.platform = platform;
    }

    void mount(Router r) {
        r.post("/api/v1/records/:entity/:id/approvals").handler(ctx -> {
            RecordContext rc = context(ctx);
            Body b = Body.of(Http.body(ctx), "process", "comment");
            Http.json(
                    ctx,
                    201,
                    approvals.submit(
                            rc,
                            entity(rc, ctx),
                            Http.uuid(ctx, "id"),
                            b.requiredString("process"),
                            b.string("comment")));
        });
        r.get("/api/v1/records/:entity/:id/approvals").handler(ctx -> {
            RecordContext rc = context(ctx);
            Http.json(
                    ctx,
                    200,
                    new JsonObject().put("data", approvals.history(rc, entity(rc, ctx), Http.uuid(ctx, "id"))));
        });
        r.get("/api/v1/approvals")
                .handler(ctx -> Http.json(ctx, 200, new JsonObject().put("data", approvals.mine(context(ctx)))));
        r.post("/api/v1/approvals/:id/approve").handler(ctx -> decide(ctx, true));
        r.post("/api/v1/approvals/:id/reject").handler(ctx -> decide(ctx, false));
    }

    private void decide(RoutingContext ctx, boolean approve) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiProblem.notFound("no approval " + ctx.pathParam("id"));
        }
        String comment = Body.of(Http.optionalBody(ctx), "comment").string("comment");
        Http.json(ctx, 200, approvals.decide(context(ctx), id, approve, comment));
    }

    private RecordContext context(RoutingContext ctx) {
        var p = AuthHandler.principal(ctx);
        var snap = platform.metadata().snapshot(p.tenantId());
        return new RecordContext(
                platform.tenants().byId(p.tenantId()),
                p,
                snap,
                platform.access().of(p, snap),
                ctx.request().remoteAddress() == null
                        ? null
                        : ctx.request().remoteAddress().hostAddress(),
                ctx.request().getHeader("User-Agent"));
    }

    private static dev.atrium.metadata.model.EntityDef entity(RecordContext rc, RoutingContext ctx) {
        return rc.snapshot()
                .entity(ctx.pathParam("entity"))
                .orElseThrow(() -> ApiProblem.notFound("there is no entity \"" + ctx.pathParam("entity") + "\""));
    }
}
