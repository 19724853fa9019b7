package dev.atrium.analytics;

import dev.atrium.audit.ViewLog;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.query.FilterException;
import dev.atrium.metadata.query.ReportDef;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Reports as the API offers them: the saved reports of the entities a reader may read, a saved report run
 * (a field the reader may not read refuses the report for them: 403), a draft run from the builder (a
 * mistake is a 422 with the member it concerns). Every run and export is written to the audit trail like
 * a list view or an export, with the report, its filters and the number of groups or rows.
 */
public final class Reports {
    private final ReportRunner runner;
    private final ViewLog log;

    public Reports(ReportRunner runner, ViewLog log) {
        this.runner = runner;
        this.log = log;
    }

    /** The saved reports the reader may run: those of entities they may read. */
    public JsonArray list(RecordContext ctx) {
        JsonArray out = new JsonArray();
        for (EntityDef e : ctx.snapshot().entities()) {
            if (!ctx.access().can(e, "read")) continue;
            for (Map<?, ?> m : saved(e)) {
                ReportDef r = ReportDef.parse(m, "");
                out.add(new JsonObject()
                        .put("entity", e.name())
                        .put("name", r.name())
                        .put("label", new JsonObject(new java.util.LinkedHashMap<>(r.label())))
                        .put("type", ReportRunner.type(r))
                        .put("chart", new JsonObject(new java.util.LinkedHashMap<>(r.chart())))
                        .put(
                                "parameters",
                                new JsonArray(r.parameters().stream()
                                        .map(p -> new JsonObject()
                                                .put("name", p.name())
                                                .put("type", p.type())
                                                .put("default", p.defaultValue()))
                                        .toList()))
                        .put("definition", new JsonObject(cast(m))));
            }
        }
        return out;
    }

    /** A saved report by entity and name: 404 when either is unknown or unreadable. */
    public ReportDef find(RecordContext ctx, String entity, String name) {
        EntityDef e = entity(ctx, entity);
        for (Map<?, ?> m : saved(e)) if (name.equals(m.get("name"))) return ReportDef.parse(m, "");
        throw ApiProblem.notFound("no report " + name + " on " + entity);
    }

    public EntityDef entity(RecordContext ctx, String name) {
        EntityDef e = ctx.snapshot().entity(name).orElse(null);
        if (e == null || !ctx.access().can(e, "read")) throw ApiProblem.notFound("no entity " + name);
        return e;
    }

    public JsonObject runSaved(RecordContext ctx, String entity, String name, ReportRunner.Run run) {
        EntityDef e = entity(ctx, entity);
        ReportDef r = find(ctx, entity, name);
        JsonObject out = refusedIfHidden(() -> runner.run(ctx, e, r, run));
        audit(ctx, "report", e, r, run, out);
        return out;
    }

    /** A report not saved yet (the builder's preview): its mistakes come back as 422 with a pointer. */
    public JsonObject runDraft(RecordContext ctx, JsonObject body, ReportRunner.Run run) {
        String entity = body.getString("entity");
        if (entity == null) throw ApiProblem.invalidField("/entity", "name the report's entity");
        EntityDef e = entity(ctx, entity);
        JsonObject def = body.getJsonObject("report", new JsonObject());
        if (!def.containsKey("name")) def = def.copy().put("name", "draft");
        ReportDef r;
        try {
            r = ReportDef.parse(plain(def), "/report");
            JsonObject out = runner.run(ctx, e, r, run);
            audit(ctx, "report", e, r, run, out);
            return out;
        } catch (FilterException fe) {
            String at = fe.parameter().startsWith("/") ? fe.parameter() : "/report/" + fe.parameter();
            throw ApiProblem.invalidField(at, fe.getMessage());
        }
    }

    /** Records an export of a report run (the rows leave the platform). */
    public void exported(
            RecordContext ctx, String entity, ReportDef r, ReportRunner.Run run, JsonObject out, String format) {
        EntityDef e = entity(ctx, entity);
        JsonObject details = details(r, run, out).put("format", format);
        log.record(
                ctx.tenant().id(),
                ctx.principal().userId(),
                ctx.ip(),
                ctx.userAgent(),
                "report_export",
                e.name(),
                null,
                details);
    }

    private void audit(
            RecordContext ctx, String action, EntityDef e, ReportDef r, ReportRunner.Run run, JsonObject out) {
        log.record(
                ctx.tenant().id(),
                ctx.principal().userId(),
                ctx.ip(),
                ctx.userAgent(),
                action,
                e.name(),
                null,
                details(r, run, out));
    }

    private static JsonObject details(ReportDef r, ReportRunner.Run run, JsonObject out) {
        int n = out.containsKey("records")
                ? out.getJsonArray("records").size()
                : out.getJsonArray("rows", new JsonArray()).size();
        return new JsonObject()
                .put("report", r.name())
                .put("filter", r.filter())
                .put("extraFilter", run.extraFilter())
                .put(
                        "parameters",
                        run.parameters() == null ? new JsonObject() : new JsonObject(Map.copyOf(run.parameters())))
                .put("rows", n);
    }

    /** A saved report naming a field the reader may not read (or not any more) is refused, not emptied. */
    static JsonObject refusedIfHidden(java.util.function.Supplier<JsonObject> run) {
        try {
            return run.get();
        } catch (FilterException fe) {
            if (fe.parameter().startsWith("parameters"))
                throw ApiProblem.invalidField("/" + fe.parameter(), fe.getMessage());
            throw new ApiProblem(
                    403,
                    "report-forbidden",
                    "Forbidden",
                    "you cannot run this report: " + fe.getMessage() + " for you (" + fe.parameter() + ")",
                    new JsonArray()
                            .add(new JsonObject()
                                    .put("pointer", "/" + fe.parameter())
                                    .put("message", fe.getMessage())),
                    null);
        }
    }

    /** A JSON body as plain maps and lists all the way down, as metadata keeps it. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> plain(JsonObject o) {
        return io.vertx.core.json.Json.decodeValue(o.encode(), Map.class);
    }

    static List<Map<?, ?>> saved(EntityDef e) {
        List<Map<?, ?>> out = new java.util.ArrayList<>();
        if (e.ui().get("reports") instanceof List<?> l) for (Object o : l) if (o instanceof Map<?, ?> m) out.add(m);
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> m) {
        return new java.util.LinkedHashMap<>((Map<String, Object>) m);
    }
}
