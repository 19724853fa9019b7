package dev.atrium.record;

import dev.atrium.db.PgValues;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Ids;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.sql.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bulk create / update / upsert of up to {@value #MAX} records, all or nothing: every record is
 * validated first (all problems reported with {@code /records/i/...} pointers), then all are written in
 * one transaction. Upsert matches on an external-id field and leaves unchanged records untouched (no
 * new version), so running the same upsert twice changes nothing the second time.
 */
public final class BulkService {
    public static final int MAX = 2000;
    private final RecordService records;

    public BulkService(RecordService records) {
        this.records = records;
    }

    /** Validates every record first, then writes them all in one transaction (all or nothing). */
    public JsonObject run(RecordContext ctx, String entityName, dev.atrium.internal.Body body) {
        return Tx.run(records.pool(), conn -> runIn(conn, ctx, entityName, body));
    }

    /** The same on the caller's connection, inside its transaction (several batches that stand or fall together). */
    public JsonObject runIn(SqlConnection conn, RecordContext ctx, String entityName, dev.atrium.internal.Body body) {
        EntityDef e = records.entity(ctx, entityName);
        String op = body.oneOf("operation", "create", "create", "update", "upsert");
        JsonArray list = body.array("records");
        if (list == null) throw ApiProblem.invalidField("/records", "\"records\" must be a list of records");
        if (list.size() > MAX)
            throw ApiProblem.invalidField(
                    "/records", "at most " + MAX + " records per request (got " + list.size() + ")");
        FieldDef key = null;
        if (op.equals("upsert")) {
            String keyName = body.string("externalIdField");
            key = keyName == null ? null : e.field(keyName).orElse(null);
            if (key == null || !key.unique()) {
                throw ApiProblem.invalidField(
                        "/externalIdField",
                        "upsert needs \"externalIdField\": a unique or externalId field of " + e.name());
            }
        } else if (!op.equals("create") && !op.equals("update")) {
            throw ApiProblem.invalidField("/operation", "operation must be create, update or upsert");
        }
        if (!op.equals("update")) RecordAccess.require(ctx, e, "create");
        if (!op.equals("create")) RecordAccess.require(ctx, e, "edit");
        JsonArray errors = new JsonArray();
        List<DecodedRecord> decoded = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        List<RecordContext> writers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "/records/" + i;
            Object item = list.getValue(i);
            writers.add(ctx);
            if (!(item instanceof JsonObject rec)) {
                errors.add(RecordCodec.error(at, "each record must be a JSON object"));
                decoded.add(null);
                ids.add(null);
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>(rec.getMap());
            UUID id = null;
            if (op.equals("update")) {
                Object raw = fields.remove("id");
                try {
                    id = UUID.fromString(String.valueOf(raw));
                } catch (IllegalArgumentException ex) {
                    errors.add(RecordCodec.error(at + "/id", "update needs the record's \"id\""));
                }
            }
            if (op.equals("upsert") && fields.get(key.name()) == null) {
                errors.add(
                        RecordCodec.error(at + "/" + key.name(), key.displayName() + " is needed to match the record"));
            }
            RecordAccess.checkWritable(ctx, e, fields, at);
            RecordAccess.portalCompany(ctx, e, fields, !op.equals("update"), at);
            // the same rules and plugin triggers as a single create or update, with the stored record
            if (errors.isEmpty() || op.equals("create")) {
                try {
                    JsonObject old = op.equals("update") && id != null
                            ? records.current(conn, ctx, e, id)
                            : op.equals("upsert")
                                    ? records.currentByKey(conn, ctx, e, key, fields.get(key.name()))
                                    : null;
                    RecordService.Saved saved = records.withRules(ctx, e, new JsonObject(fields), old);
                    fields = new LinkedHashMap<>(saved.body().getMap());
                    writers.set(i, ctx.withChangedBy(saved.changedBy()));
                } catch (ApiProblem p) {
                    JsonObject problem = p.toJson(null);
                    for (Object err : problem.getJsonArray("errors", new JsonArray())) {
                        JsonObject eo = (JsonObject) err;
                        errors.add(RecordCodec.error(at + eo.getString("pointer", ""), eo.getString("message")));
                    }
                    decoded.add(null);
                    ids.add(id);
                    continue;
                }
            }
            decoded.add(records.codec().decode(e, fields, !op.equals("update"), at, errors));
            ids.add(id);
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(
                    errors.size() + " problem(s) in the records; nothing was saved. First: "
                            + errors.getJsonObject(0).getString("pointer") + ": "
                            + errors.getJsonObject(0).getString("message"),
                    errors);
        }
        FieldDef matchKey = key;
        RecordRows.auditContext(conn, ctx);
        int created = 0, updated = 0, unchanged = 0;
        JsonArray outIds = new JsonArray();
        for (int i = 0; i < decoded.size(); i++) {
            String at = "/records/" + i;
            DecodedRecord rec = decoded.get(i);
            switch (op) {
                case "create" -> {
                    outIds.add(String.valueOf(
                            records.insert(conn, writers.get(i), e, rec, at).get("id")));
                    created++;
                }
                case "update" -> {
                    records.update(conn, writers.get(i), e, ids.get(i), rec, null, at);
                    outIds.add(ids.get(i).toString());
                    updated++;
                }
                default -> {
                    if (writers.get(i) != ctx) RecordRows.auditContext(conn, writers.get(i));
                    Upserted u = upsert(conn, ctx, e, matchKey, rec, at);
                    if (!u.outcome().equals("unchanged") || !rec.links().isEmpty())
                        RecordLinks.write(conn, writers.get(i), e, u.id(), rec, at, true);
                    if (writers.get(i) != ctx) RecordRows.auditContext(conn, ctx);
                    outIds.add(u.id().toString());
                    switch (u.outcome()) {
                        case "created" -> created++;
                        case "updated" -> updated++;
                        default -> unchanged++;
                    }
                }
            }
        }
        return new JsonObject()
                .put("operation", op)
                .put("created", created)
                .put("updated", updated)
                .put("unchanged", unchanged)
                .put("ids", outIds);
    }

    private record Upserted(UUID id, String outcome) {}

    private Upserted upsert(
            SqlConnection conn, RecordContext ctx, EntityDef e, FieldDef key, DecodedRecord rec, String at) {
        UUID user = ctx.principal().userId();
        List<String> cols = new ArrayList<>(List.of("\"id\"", "\"owner_id\"", "\"created_by\"", "\"updated_by\""));
        List<Object> params = new ArrayList<>(List.of(Ids.next(), user, user, user));
        List<String> dataCols = new ArrayList<>();
        for (Map.Entry<String, Object> c : rec.columns().entrySet()) {
            cols.add(Sql.ident(c.getKey()));
            dataCols.add(Sql.ident(c.getKey()));
            params.add(PgValues.bind(c.getValue()));
        }
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= params.size(); i++)
            values.append(i > 1 ? ", $" : "$").append(i);
        String table = Sql.table(ctx.tenant().schema(), e.name());
        List<String> sets = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (String c : dataCols) {
            sets.add(c + " = EXCLUDED." + c);
            excluded.add("EXCLUDED." + c);
        }
        String sql = "INSERT INTO " + table + " AS t (" + String.join(", ", cols) + ") VALUES (" + values + ")"
                + " ON CONFLICT (" + Sql.ident(key.name()) + ") WHERE \"deleted_at\" IS NULL DO UPDATE SET "
                + String.join(", ", sets)
                + ", \"version\" = t.\"version\" + 1, \"updated_at\" = now(), \"updated_by\" = EXCLUDED.\"updated_by\""
                + " WHERE ("
                + String.join(", ", dataCols.stream().map(c -> "t." + c).toList()) + ") IS DISTINCT FROM ("
                + String.join(", ", excluded) + ")"
                + RecordAccess.scopeSql(ctx, e, "t", true, params)
                + " RETURNING t.\"id\", (xmax = 0) AS inserted";
        RowSet<Row> rows;
        try {
            rows = conn.preparedQuery(sql).execute(Tuple.wrap(params)).await();
        } catch (PgException ex) {
            throw Constraints.problem(ex, e, at);
        }
        if (rows.size() == 1) {
            Row r = rows.iterator().next();
            return new Upserted(r.getUUID("id"), r.getBoolean("inserted") ? "created" : "updated");
        }
        List<Object> keyParams = new ArrayList<>(List.of(rec.columns().get(key.name())));
        String matchSql = "SELECT t.\"id\" FROM " + table + " t WHERE t." + Sql.ident(key.name())
                + " = $1 AND t.\"deleted_at\" IS NULL";
        RowSet<Row> editable = conn.preparedQuery(matchSql + RecordAccess.scopeSql(ctx, e, "t", true, keyParams))
                .execute(Tuple.wrap(keyParams))
                .await();
        if (editable.size() == 0) {
            throw new ApiProblem(
                    403,
                    "forbidden",
                    "Forbidden",
                    at + ": the " + e.displayName() + " with this " + key.displayName()
                            + " exists but you may not change it; nothing was saved",
                    null,
                    null);
        }
        return new Upserted(editable.iterator().next().getUUID("id"), "unchanged");
    }
}
