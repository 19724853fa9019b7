package dev.atrium.record;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.FieldTypeRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Global search across the searchable text fields of every entity: a case-insensitive substring match
 * (so Chinese and Russian words match inside longer text, with no word splitting needed), ranked by
 * exact match, then prefix match, then pg_trgm similarity. Trigram GIN indexes on searchable fields
 * make the substring match fast on large tables. One UNION ALL query per search.
 */
public final class SearchService {
    private final Pool pool;
    private final FieldTypeRegistry types;

    public SearchService(Pool pool, FieldTypeRegistry types) {
        this.pool = pool;
        this.types = types;
    }

    public JsonObject search(RecordContext ctx, String q, List<String> entities, int limit) {
        if (q == null || q.isBlank()) throw ApiProblem.badRequest("give the text to search for in ?q=");
        if (q.length() > 200) throw ApiProblem.badRequest("search text is limited to 200 characters");
        String text = q.trim();
        List<String> stems = stems(text);
        String stemmed = "%"
                + String.join("%", stems.stream().map(SearchService::escapeLike).toList()) + "%";
        List<Object> params = new ArrayList<>(
                List.of("%" + escapeLike(text) + "%", text.toLowerCase(), escapeLike(text) + "%", text, stemmed));
        List<String> parts = new ArrayList<>();
        for (EntityDef e : ctx.snapshot().entities()) {
            if (entities != null && !entities.isEmpty() && !entities.contains(e.name())) continue;
            if (!ctx.access().can(e, "read")) continue;
            List<FieldDef> fields = e.fields().stream()
                    .filter(f -> f.searchable()
                            && types.require(f.type()).textual()
                            && ctx.access().fields().visible(e, f))
                    .toList();
            if (fields.isEmpty()) continue;
            FieldDef title = e.titleField() == null
                    ? fields.get(0)
                    : e.field(e.titleField())
                            .filter(f -> ctx.access().fields().visible(e, f))
                            .orElse(fields.get(0));
            List<String> match = new ArrayList<>();
            List<String> score = new ArrayList<>();
            List<String> which = new ArrayList<>();
            List<String> value = new ArrayList<>();
            for (FieldDef f : fields) {
                String c = "t." + Sql.ident(f.name());
                // the text as typed, or its words' stems in order (недвижимости finds недвижимость)
                String hit = "(" + c + " ILIKE $1 OR " + c + " ILIKE $5)";
                match.add(hit);
                score.add("CASE WHEN lower(" + c + ") = $2 THEN 3 WHEN " + c + " ILIKE $3 THEN 2 WHEN " + c
                        + " ILIKE $1 THEN 1 WHEN " + c + " ILIKE $5 THEN 0.5 ELSE 0 END"
                        + " + similarity(coalesce(" + c + ", ''), $4)");
                params.add(f.name());
                which.add("WHEN " + hit + " THEN $" + params.size() + "::text");
                value.add("WHEN " + hit + " THEN " + c + "::text");
            }
            params.add(e.name());
            int entityParam = params.size();
            parts.add("(SELECT $" + entityParam + "::text AS entity, t.\"id\", " + titleSql(ctx, e, title, params)
                    + "::text AS title, greatest(" + String.join(", ", score) + ") AS score"
                    + ", CASE " + String.join(" ", which) + " END AS matched"
                    + ", CASE " + String.join(" ", value) + " END AS matched_text"
                    + " FROM " + Sql.table(ctx.tenant().schema(), e.name()) + " t WHERE t.\"deleted_at\" IS NULL AND ("
                    + String.join(" OR ", match) + ")"
                    + RecordAccess.scopeSql(ctx, e, "t", false, params)
                    + " ORDER BY score DESC LIMIT " + limit + ")");
        }
        JsonArray results = new JsonArray();
        if (!parts.isEmpty()) {
            String sql = "SELECT * FROM (" + String.join(" UNION ALL ", parts)
                    + ") found ORDER BY score DESC, title LIMIT " + limit;
            for (Row r : pool.preparedQuery(sql).execute(Tuple.wrap(params)).await()) {
                results.add(new JsonObject()
                        .put("entity", r.getString("entity"))
                        .put("id", r.getUUID("id").toString())
                        .put("title", r.getString("title"))
                        .put("score", r.getDouble("score"))
                        .put("matched", r.getString("matched"))
                        .put("snippet", Snippets.around(r.getString("matched_text"), text, stems)));
            }
        }
        return new JsonObject().put("query", text).put("results", results);
    }

    /**
     * The query's words cut to their stems: Russian words by PostgreSQL's Snowball stemmer (so a word's
     * other forms match: недвижимости finds недвижимость), others as typed. They are matched in order as
     * a bind value, like the text itself.
     */
    private List<String> stems(String text) {
        List<String> out = new ArrayList<>();
        for (String word : text.split("\\s+")) {
            if (word.isEmpty()) continue;
            String stem = word;
            if (word.codePoints().anyMatch(c -> Character.UnicodeBlock.of(c) == Character.UnicodeBlock.CYRILLIC)) {
                for (Row r : pool.preparedQuery("SELECT (ts_lexize('russian_stem', lower($1)))[1] AS stem")
                        .execute(Tuple.of(word))
                        .await()) {
                    String s = r.getString("stem");
                    if (s != null && s.length() >= 3) stem = s;
                }
            }
            out.add(stem);
        }
        return out;
    }

    /** The title as SQL: a stored column, or a formula computed over what the caller may read. */
    private String titleSql(RecordContext ctx, EntityDef e, FieldDef title, List<Object> params) {
        if (types.require(title.type()).formula()) {
            return new dev.atrium.metadata.query.FormulaCompiler(
                            types,
                            n -> ctx.snapshot().entity(n).orElse(null),
                            ctx.tenant().schema(),
                            RecordAccess.rows(ctx),
                            params)
                    .compile(e, title, "t")
                    .sql();
        }
        var columns = types.require(title.type()).columns(title);
        return columns.isEmpty() ? "NULL" : "t." + Sql.ident(columns.get(0).name());
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
