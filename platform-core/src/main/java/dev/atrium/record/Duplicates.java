package dev.atrium.record;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MatchingRuleDef;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.FieldTypeRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Likely duplicates of a record by the entity's duplicate rules: the records the caller may read that match
 * every clause of at least one rule. A rule whose fields the record leaves empty, or the caller may not
 * see, does not apply. Matching is done in the database: e-mail and exact text ignore case and surrounding
 * spaces, phones compare their last 9 digits, fuzzy text compares trigram similarity (pg_trgm).
 */
public final class Duplicates {
    private static final int LIMIT = 10;
    private static final int PHONE_DIGITS = 9;

    private final RecordService records;
    private final FieldTypeRegistry types;

    public Duplicates(RecordService records) {
        this.records = records;
        this.types = records.types();
    }

    /** The likely matches of {@code values} (a record's fields), leaving out {@code exclude} (the record itself). */
    public JsonObject find(RecordContext ctx, String entityName, JsonObject values, UUID exclude) {
        EntityDef e = records.entity(ctx, entityName);
        RecordAccess.require(ctx, e, "read");
        return new JsonObject().put("matches", matches(records.pool(), ctx, e, values, exclude));
    }

    /** The same on the caller's connection, for conversions and merges inside their transaction. */
    public JsonArray matches(SqlClient conn, RecordContext ctx, EntityDef e, JsonObject values, UUID exclude) {
        Map<UUID, JsonObject> found = new LinkedHashMap<>();
        for (MatchingRuleDef rule : e.duplicates()) {
            for (Row r : rule(conn, ctx, e, rule, values, exclude)) {
                UUID id = r.getUUID("id");
                JsonObject m = found.computeIfAbsent(
                        id,
                        k -> new JsonObject()
                                .put("id", k.toString())
                                .put("title", r.getValue("title") == null ? null : String.valueOf(r.getValue("title")))
                                .put("rules", new JsonArray())
                                .put("score", 0.0));
                m.getJsonArray("rules").add(rule.name());
                m.put("score", Math.max(m.getDouble("score"), r.getDouble("score")));
            }
        }
        List<JsonObject> sorted = new ArrayList<>(found.values());
        sorted.sort((a, b) -> Double.compare(b.getDouble("score"), a.getDouble("score")));
        return new JsonArray(new ArrayList<>(sorted.subList(0, Math.min(LIMIT, sorted.size()))));
    }

    private Iterable<Row> rule(
            SqlClient conn, RecordContext ctx, EntityDef e, MatchingRuleDef rule, JsonObject values, UUID exclude) {
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>(List.of("t.\"deleted_at\" IS NULL"));
        List<String> scores = new ArrayList<>();
        for (MatchingRuleDef.Clause c : rule.match()) {
            FieldDef f = e.field(c.field()).orElse(null);
            if (f == null || !ctx.access().fields().visible(e, f)) return List.of();
            Object raw = values.getValue(c.field());
            if (!(raw instanceof String text) || text.isBlank()) return List.of();
            String col = "t." + Sql.ident(f.name());
            switch (c.method()) {
                case "phone" -> {
                    String digits = text.replaceAll("\\D", "");
                    if (digits.length() < 6) return List.of();
                    params.add(digits.substring(Math.max(0, digits.length() - PHONE_DIGITS)));
                    where.add("right(regexp_replace(" + col + ", '\\D', '', 'g'), " + PHONE_DIGITS + ") = $"
                            + params.size());
                    scores.add("1.0");
                }
                case "fuzzy" -> {
                    params.add(text.trim().toLowerCase());
                    String similarity = "similarity(lower(coalesce(" + col + ", '')), $" + params.size() + ")";
                    params.add(c.similarity());
                    where.add(similarity + " >= $" + params.size());
                    scores.add(similarity);
                }
                default -> {
                    params.add(text.trim().toLowerCase());
                    where.add("lower(btrim(" + col + ")) = $" + params.size());
                    scores.add("1.0");
                }
            }
        }
        if (exclude != null) {
            params.add(exclude);
            where.add("t.\"id\" <> $" + params.size());
        }
        String title = titleColumn(ctx, e);
        String sql = "SELECT t.\"id\", " + title + " AS title, least(" + String.join(", ", scores)
                + ")::float8 AS score FROM " + Sql.table(ctx.tenant().schema(), e.name()) + " t WHERE "
                + String.join(" AND ", where) + RecordAccess.scopeSql(ctx, e, "t", false, params)
                + " ORDER BY score DESC LIMIT " + LIMIT;
        return conn.preparedQuery(sql).execute(Tuple.wrap(params)).await();
    }

    /** The title field's column, or the id when the title is computed or hidden. */
    private String titleColumn(RecordContext ctx, EntityDef e) {
        FieldDef title = e.titleField() == null ? null : e.field(e.titleField()).orElse(null);
        if (title == null || !ctx.access().fields().visible(e, title)) return "t.\"id\"::text";
        var columns = types.require(title.type()).columns(title);
        return columns.size() == 1 && !types.require(title.type()).computed()
                ? "t." + Sql.ident(columns.get(0).name()) + "::text"
                : "t.\"id\"::text";
    }
}
