package dev.atrium.http;

import dev.atrium.analytics.Dashboards;
import dev.atrium.analytics.ReportExport;
import dev.atrium.analytics.ReportRunner;
import dev.atrium.analytics.Reports;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.query.ReportDef;
import dev.atrium.record.RecordContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reports and dashboards: {@code GET /api/v1/reports} (the saved reports a reader may run),
 * {@code GET /api/v1/reports/{entity}/{name}} (run one; {@code p.<name>} parameters, {@code tz}),
 * {@code GET .../export?format=csv|xlsx}, {@code POST /api/v1/reports/run} and {@code .../export}
 * (a draft from the builder), {@code GET /api/v1/dashboards} and
 * {@code GET /api/v1/dashboards/{entity}/{name}?from=&to=&owner=&refresh=true}.
 */
final class AnalyticsRouter {
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private final Reports reports;
    private final Dashboards dashboards;
    private final Function<RoutingContext, RecordContext> contexts;

    AnalyticsRouter(ApiServices platform, Function<RoutingContext, RecordContext> contexts) {
        ReportRunner runner = new ReportRunner(platform.pool(), platform.types());
        this.reports = new Reports(runner, platform.views());
        this.dashboards = new Dashboards(platform.pool(), reports, runner, platform.access());
        this.contexts = contexts;
    }

    void mount(Router r) {
        r.get("/api/v1/reports")
                .handler(ctx -> Http.json(ctx, 200, new JsonObject().put("data", reports.list(contexts.apply(ctx)))));
        r.post("/api/v1/reports/run").handler(ctx -> {
            JsonObject body = Http.body(ctx);
            Http.json(ctx, 200, reports.runDraft(contexts.apply(ctx), body, run(ctx, body)));
        });
        r.post("/api/v1/reports/export").handler(ctx -> {
            JsonObject body = Http.body(ctx);
            RecordContext rc = contexts.apply(ctx);
            requireExport(rc, body.getString("entity"));
            ReportRunner.Run run = run(ctx, body);
            JsonObject out = reports.runDraft(rc, body, run);
            JsonObject def = body.getJsonObject("report", new JsonObject());
            ReportDef r0 = ReportDef.parse(Reports.plain(def.copy().put("name", def.getString("name", "draft"))), "");
            reports.exported(rc, body.getString("entity"), r0, run, out, format(ctx));
            send(ctx, out, r0.name());
        });
        r.get("/api/v1/reports/:entity/:name")
                .handler(ctx -> Http.json(
                        ctx,
                        200,
                        reports.runSaved(
                                contexts.apply(ctx), ctx.pathParam("entity"), ctx.pathParam("name"), run(ctx, null))));
        r.get("/api/v1/reports/:entity/:name/export").handler(ctx -> {
            RecordContext rc = contexts.apply(ctx);
            String entity = ctx.pathParam("entity");
            requireExport(rc, entity);
            ReportRunner.Run run = run(ctx, null);
            JsonObject out = reports.runSaved(rc, entity, ctx.pathParam("name"), run);
            reports.exported(rc, entity, reports.find(rc, entity, ctx.pathParam("name")), run, out, format(ctx));
            send(ctx, out, ctx.pathParam("name"));
        });
        r.get("/api/v1/dashboards")
                .handler(ctx ->
                        Http.json(ctx, 200, new JsonObject().put("data", dashboards.list(contexts.apply(ctx)))));
        r.get("/api/v1/dashboards/:entity/:name").handler(ctx -> {
            var q = ctx.queryParams();
            Http.json(
                    ctx,
                    200,
                    dashboards.run(
                            contexts.apply(ctx),
                            ctx.pathParam("entity"),
                            ctx.pathParam("name"),
                            Dashboards.Filters.parse(q.get("from"), q.get("to"), q.get("owner"), q.get("team")),
                            zone(q.get("tz")),
                            "true".equals(q.get("refresh"))));
        });
    }

    private void requireExport(RecordContext rc, String entity) {
        var e = reports.entity(rc, entity == null ? "" : entity);
        if (!rc.access().can(e, "export")) {
            throw ApiProblem.forbidden("you have no permission to export " + e.displayName() + " records");
        }
    }

    private static String format(RoutingContext ctx) {
        String f = ctx.queryParams().get("format");
        if (f == null || f.equals("csv")) return "csv";
        if (f.equals("xlsx")) return "xlsx";
        throw ApiProblem.badRequest("format is csv or xlsx");
    }

    private static void send(RoutingContext ctx, JsonObject out, String name) {
        String file = name.replaceAll("[^a-zA-Z0-9_-]", "_");
        if (format(ctx).equals("xlsx")) {
            ctx.response()
                    .putHeader("Content-Type", XLSX)
                    .putHeader("Content-Disposition", "attachment; filename=\"" + file + ".xlsx\"")
                    .end(Buffer.buffer(ReportExport.xlsx(out, name)));
        } else {
            ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + file + ".csv\"")
                    .end(ReportExport.csv(out));
        }
    }

    /** Parameters from {@code p.<name>} query parameters or a body's {@code parameters}; the time zone. */
    private static ReportRunner.Run run(RoutingContext ctx, JsonObject body) {
        Map<String, String> params = new HashMap<>();
        ctx.queryParams().forEach((k, v) -> {
            if (k.startsWith("p.")) params.put(k.substring(2), v);
        });
        String tz = ctx.queryParams().get("tz");
        if (body != null) {
            JsonObject p = body.getJsonObject("parameters", new JsonObject());
            p.forEach(e -> params.put(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue())));
            if (body.getString("tz") != null) tz = body.getString("tz");
        }
        return new ReportRunner.Run(params, null, zone(tz));
    }

    static ZoneId zone(String tz) {
        if (tz == null || tz.isBlank()) return ZoneOffset.UTC;
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("tz is a time zone such as Europe/Madrid: " + tz + " is not one");
        }
    }
}
