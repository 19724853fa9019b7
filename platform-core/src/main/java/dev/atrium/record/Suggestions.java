package dev.atrium.record;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.sql.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Records of another entity suggested beside a record ({@code ui.suggest}: knowledge articles beside a case):
 * those whose searchable text contains the most words of the record's {@code from} field, then the most
 * similar, among the ones that meet the suggestion's filter and the caller may read. Up to five.
 */
public final class Suggestions {
    private static final int LIMIT = 5;
    private static final int MAX_WORDS = 8;

    private final RecordService records;

    public Suggestions(RecordService records) {
        this.records = records;
    }

    public JsonObject of(RecordContext ctx, String entityName, UUID id) {
        EntityDef e = records.entity(ctx, entityName);
        if (!(e.ui().get("suggest") instanceof Map<?, ?> suggest)) {
            throw ApiProblem.notFound(e.name() + " suggests nothing (its ui has no suggest)");
        }
        JsonObject record = records.get(ctx, entityName, id);
        EntityDef other = records.entity(ctx, String.valueOf(suggest.get("entity")));
        JsonArray found = new JsonArray();
        Object text = record.getValue(String.valueOf(suggest.get("from")));
        List<String> words = words(text == null ? "" : String.valueOf(text));
        if (words.isEmpty() || !ctx.access().can(other, "read")) return result(other, found);
        List<FieldDef> fields = other.fields().stream()
                .filter(f -> f.searchable()
                        && records.types().require(f.type()).textual()
                        && ctx.access().fields().visible(other, f))
                .toList();
        if (fields.isEmpty()) return result(other, found);
        List<Object> params = new ArrayList<>();
        List<String> hits = new ArrayList<>();
        String doc = "lower(concat_ws(' ', "
                + String.join(
                        ", ",
                        fields.stream().map(f -> "t." + Sql.ident(f.name())).toList()) + "))";
        for (String w : words) {
            params.add("%" + SearchService.escapeLike(w) + "%");
            hits.add("CASE WHEN " + doc + " LIKE $" + params.size() + " THEN 1 ELSE 0 END");
        }
        params.add(String.join(" ", words));
        String similarity = "similarity(" + doc + ", $" + params.size() + ")";
        String filter = suggest.get("filter") instanceof String f && !f.isBlank()
                ? " AND ("
                        + records.compiler()
                                .condition(
                                        ctx.tenant().schema(),
                                        ctx.snapshot(),
                                        other,
                                        f,
                                        "t",
                                        params,
                                        LocalDate.now(ZoneOffset.UTC))
                        + ")"
                : "";
        FieldDef title = other.titleField() == null
                ? fields.get(0)
                : other.field(other.titleField())
                        .filter(f -> !records.types().require(f.type()).computed() && fields.contains(f))
                        .orElse(fields.get(0));
        String sql = "SELECT t.\"id\", t." + Sql.ident(title.name()) + "::text AS title, (" + String.join(" + ", hits)
                + ") AS words, " + similarity + " AS closeness FROM "
                + Sql.table(ctx.tenant().schema(), other.name())
                + " t WHERE t.\"deleted_at\" IS NULL" + filter + RecordAccess.scopeSql(ctx, other, "t", false, params)
                + " ORDER BY words DESC, closeness DESC LIMIT " + LIMIT;
        for (Row r : records.pool()
                .preparedQuery("SELECT * FROM (" + sql + ") s WHERE s.words > 0")
                .execute(Tuple.wrap(params))
                .await()) {
            found.add(new JsonObject()
                    .put("id", r.getUUID("id").toString())
                    .put("title", r.getString("title"))
                    .put("words", r.getInteger("words")));
        }
        return result(other, found);
    }

    private static JsonObject result(EntityDef other, JsonArray found) {
        return new JsonObject().put("entity", other.name()).put("data", found);
    }

    /** The words worth matching: three letters or more, or any run of CJK characters (no spaces there). */
    static List<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            boolean cjk = !w.isEmpty() && Character.UnicodeScript.of(w.codePointAt(0)) == Character.UnicodeScript.HAN;
            if (w.length() >= 3 || (cjk && w.length() >= 2)) out.add(w);
            if (out.size() == MAX_WORDS) break;
        }
        return List.copyOf(out);
    }
}
