package dev.atrium.convert;

import dev.atrium.audit.AuditLog;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Body;
import dev.atrium.metadata.model.ConversionDef;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.record.Duplicates;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordMerge;
import dev.atrium.record.RecordService;
import dev.atrium.workflow.ActionValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs an entity's conversions ({@link ConversionDef}): a preview that shows what would be created and the
 * likely existing matches of each target, and the conversion itself, in one transaction: the source row
 * is locked and its {@code when} checked, each target is created through the write path (or an existing
 * record the caller chose is used), child lines are copied, related activities move to the chosen target
 * and the source takes its {@code then} values. A target with likely duplicates is refused (409, with the
 * matches) unless the caller chose an existing record, skipped it or said {@code allowDuplicates}.
 */
public final class Conversions {
    private final Pool pool;
    private final RecordService records;
    private final Duplicates duplicates;
    private final QueryCompiler compiler;

    public Conversions(Pool pool, RecordService records) {
        this.pool = pool;
        this.records = records;
        this.duplicates = new Duplicates(records);
        this.compiler = new QueryCompiler(records.types());
    }

    /** What the conversion would create from the record, with each target's likely matches. */
    public JsonObject preview(RecordContext ctx, String entityName, UUID id, String name) {
        EntityDef e = records.entity(ctx, entityName);
        ConversionDef c = conversion(e, name);
        return Tx.run(pool, conn -> {
            JsonObject source = records.visible(conn, ctx, e, id, true);
            JsonArray targets = new JsonArray();
            JsonObject known = source.copy();
            for (ConversionDef.Target t : c.creates()) {
                EntityDef te = target(ctx, t.entity());
                known.put(t.as(), (Object) null);
                JsonObject values = ActionValues.fill(t.values(), known);
                targets.add(new JsonObject()
                        .put("as", t.as())
                        .put("entity", t.entity())
                        .put("optional", t.optional())
                        .put("existing", t.existing())
                        .put("values", values)
                        .put("matches", duplicates.matches(conn, ctx, te, values, null)));
            }
            JsonArray lines = new JsonArray();
            for (ConversionDef.Lines l : c.lines()) {
                lines.add(new JsonObject()
                        .put("from", l.from())
                        .put("into", l.into())
                        .put(
                                "count",
                                children(conn, ctx, e, target(ctx, l.from()), id)
                                        .size()));
            }
            return new JsonObject()
                    .put("conversion", c.name())
                    .put("label", new JsonObject(new LinkedHashMap<>(c.label())))
                    .put("allowed", allowed(conn, ctx, e, c, id, false))
                    .put("targets", targets)
                    .put("lines", lines);
        });
    }

    /**
     * Converts the record. {@code body}: {@code use} (as -> id of an existing record), {@code skip} (the as
     * of optional targets), {@code values} (as -> values that override the conversion's), {@code
     * allowDuplicates}.
     */
    public JsonObject convert(RecordContext ctx, String entityName, UUID id, String name, Body body) {
        EntityDef e = records.entity(ctx, entityName);
        ConversionDef c = conversion(e, name);
        records.require(ctx, e, "edit");
        JsonObject use = orEmpty(body.object("use"));
        JsonObject overrides = orEmpty(body.object("values"));
        List<String> skipList = body.strings("skip");
        Set<Object> skip = skipList == null ? Set.of() : Set.copyOf(skipList);
        boolean allowDuplicates = body.bool("allowDuplicates", false);
        checkRequest(c, use, overrides, skip);
        Body chosenIds = Body.at(use, "/use", use.fieldNames().toArray(String[]::new));
        Body extras = Body.at(overrides, "/values", overrides.fieldNames().toArray(String[]::new));
        return Tx.run(pool, conn -> {
            JsonObject source = records.visible(conn, ctx, e, id, true);
            if (!allowed(conn, ctx, e, c, id, true)) {
                throw ApiProblem.conflict(
                        "not-convertible",
                        "this " + e.displayName() + " cannot be converted: it must meet " + c.when());
            }
            JsonObject known = source.copy();
            JsonObject result = new JsonObject();
            Map<String, UUID> ids = new LinkedHashMap<>();
            for (ConversionDef.Target t : c.creates()) {
                EntityDef te = target(ctx, t.entity());
                if (skip.contains(t.as())) {
                    known.put(t.as(), (Object) null);
                    continue;
                }
                if (use.containsKey(t.as())) {
                    UUID chosen = chosenIds.uuid(t.as());
                    records.visible(conn, ctx, te, chosen, false);
                    ids.put(t.as(), chosen);
                    known.put(t.as(), chosen.toString());
                    result.put(
                            t.as(),
                            new JsonObject()
                                    .put("entity", t.entity())
                                    .put("id", chosen.toString())
                                    .put("created", false));
                    continue;
                }
                records.require(ctx, te, "create");
                JsonObject extra = orEmpty(extras.object(t.as()));
                records.checkWritable(ctx, te, extra.getMap(), "/values/" + t.as());
                JsonObject values = ActionValues.fill(t.values(), known).mergeIn(extra);
                if (!allowDuplicates) {
                    JsonArray matches = duplicates.matches(conn, ctx, te, values, null);
                    if (!matches.isEmpty()) throw likelyDuplicates(t, matches);
                }
                JsonObject created = records.createIn(conn, ctx, te, values);
                UUID createdId = UUID.fromString(created.getString("id"));
                ids.put(t.as(), createdId);
                known.put(t.as(), createdId.toString());
                result.put(
                        t.as(),
                        new JsonObject()
                                .put("entity", t.entity())
                                .put("id", createdId.toString())
                                .put("created", true));
            }
            int copied = 0;
            for (ConversionDef.Lines l : c.lines()) {
                UUID parent = ids.get(l.parent());
                if (parent != null) copied += copyLines(conn, ctx, e, id, l, c.target(l.parent()), parent);
            }
            int moved = 0;
            if (c.moveRelated() != null && ids.containsKey(c.moveRelated())) {
                moved = RecordMerge.moveRelated(
                        conn, ctx, e.name(), id, c.target(c.moveRelated()).entity(), ids.get(c.moveRelated()));
            }
            JsonObject updated = c.then().isEmpty()
                    ? records.visible(conn, ctx, e, id, false)
                    : records.updateIn(conn, ctx, e, id, ActionValues.fill(c.then(), known));
            AuditLog.append(
                    conn,
                    ctx,
                    "convert",
                    e.name(),
                    id,
                    new JsonObject().put("conversion", c.name()).put("records", result));
            return new JsonObject()
                    .put("records", result)
                    .put("lines", copied)
                    .put("moved", moved)
                    .put("source", updated);
        });
    }

    private int copyLines(
            SqlConnection conn,
            RecordContext ctx,
            EntityDef source,
            UUID sourceId,
            ConversionDef.Lines l,
            ConversionDef.Target parent,
            UUID parentId) {
        EntityDef from = target(ctx, l.from());
        EntityDef into = target(ctx, l.into());
        FieldDef link = into.linkTo(parent.entity()).orElseThrow();
        int n = 0;
        for (UUID child : children(conn, ctx, source, from, sourceId)) {
            JsonObject line = records.visible(conn, ctx, from, child, false);
            JsonObject values = ActionValues.fill(l.values(), line).put(link.name(), parentId.toString());
            records.createIn(conn, ctx, into, values);
            n++;
        }
        return n;
    }

    /** The live children of the source in {@code from}, oldest first. */
    private static List<UUID> children(SqlClient conn, RecordContext ctx, EntityDef source, EntityDef from, UUID id) {
        FieldDef link = from.linkTo(source.name()).orElseThrow();
        List<UUID> out = new ArrayList<>();
        for (Row r : conn.preparedQuery(
                        "SELECT \"id\" FROM " + Sql.table(ctx.tenant().schema(), from.name())
                                + " WHERE " + Sql.ident(link.name()) + " = $1 AND \"deleted_at\" IS NULL"
                                + " ORDER BY \"created_at\", \"id\"")
                .execute(Tuple.of(id))
                .await()) out.add(r.getUUID("id"));
        return out;
    }

    /** Whether the source meets the conversion's {@code when}; with {@code lock} its row is locked first. */
    private boolean allowed(SqlClient conn, RecordContext ctx, EntityDef e, ConversionDef c, UUID id, boolean lock) {
        List<Object> params = new ArrayList<>(List.of(id));
        String cond = c.when() == null || c.when().isBlank()
                ? "true"
                : compiler.condition(
                        ctx.tenant().schema(), ctx.snapshot(), e, c.when(), "t", params, LocalDate.now(ZoneOffset.UTC));
        return conn.preparedQuery("SELECT (" + cond + ") AS ok FROM "
                                + Sql.table(ctx.tenant().schema(), e.name()) + " t WHERE t.\"id\" = $1"
                                + (lock ? " FOR UPDATE OF t" : ""))
                        .execute(Tuple.wrap(params))
                        .await()
                        .iterator()
                        .next()
                        .getBoolean("ok")
                == Boolean.TRUE;
    }

    private static void checkRequest(ConversionDef c, JsonObject use, JsonObject overrides, Set<Object> skip) {
        for (String as : use.fieldNames()) {
            ConversionDef.Target t = c.target(as);
            if (t == null) throw ApiProblem.invalidField("/use/" + as, "\"" + as + "\" is not a target of " + c.name());
            if (!t.existing()) {
                throw ApiProblem.invalidField("/use/" + as, "the " + as + " is always created; it cannot be chosen");
            }
        }
        for (String as : overrides.fieldNames()) {
            if (c.target(as) == null) {
                throw ApiProblem.invalidField("/values/" + as, "\"" + as + "\" is not a target of " + c.name());
            }
        }
        for (Object as : skip) {
            ConversionDef.Target t = as instanceof String s ? c.target(s) : null;
            if (t == null) throw ApiProblem.invalidField("/skip", "\"" + as + "\" is not a target of " + c.name());
            if (!t.optional())
                throw ApiProblem.invalidField("/skip", "the " + as + " is required; it cannot be skipped");
            if (use.containsKey(t.as())) {
                throw ApiProblem.invalidField("/skip", "the " + as + " is both skipped and chosen");
            }
        }
    }

    private static ApiProblem likelyDuplicates(ConversionDef.Target t, JsonArray matches) {
        return new ApiProblem(
                409,
                "likely-duplicates",
                "Likely duplicates",
                "the new " + t.as() + " looks like " + matches.size() + " existing record(s): choose one with use."
                        + t.as() + ", or convert with allowDuplicates",
                null,
                new JsonObject().put("target", t.as()).put("matches", matches));
    }

    private static ConversionDef conversion(EntityDef e, String name) {
        return e.conversion(name)
                .orElseThrow(() -> ApiProblem.notFound(e.name() + " has no conversion \"" + name + "\""));
    }

    private EntityDef target(RecordContext ctx, String name) {
        return records.entity(ctx, name);
    }

    private static JsonObject orEmpty(JsonObject o) {
        return o == null ? new JsonObject() : o;
    }
}
