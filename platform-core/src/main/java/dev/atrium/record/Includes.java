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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code include=account,owner}: looked-up records fetched with one query per lookup field (never one
 * per row) and attached to each record under {@code _included.<field>}.
 */
final class Includes {
    private Includes() {}

    static void attach(
            RecordReader records,
            Pool pool,
            RecordContext ctx,
            EntityDef e,
            JsonArray data,
            List<String> include,
            RecordCodec codec,
            FieldTypeRegistry types) {
        for (String name : include) {
            FieldDef f = e.field(name)
                    .filter(x -> ctx.access().fields().visible(e, x))
                    .orElseThrow(() -> new ApiProblem(
                            400,
                            "invalid-query",
                            "The query is not valid",
                            "\"" + name + "\" is not a field of " + e.name(),
                            new JsonArray()
                                    .add(new JsonObject()
                                            .put("parameter", "include")
                                            .put("message", "\"" + name + "\" is not a field of " + e.name())),
                            null));
            if (!f.type().equals("lookup") && !f.type().equals("master_detail")) {
                throw ApiProblem.badRequest("include works on lookup fields; \"" + name + "\" is a " + f.type());
            }
            EntityDef target = ctx.snapshot().entity(f.target()).orElseThrow();
            Set<UUID> ids = new LinkedHashSet<>();
            for (int i = 0; i < data.size(); i++) {
                String v = data.getJsonObject(i).getString(name);
                if (v != null) ids.add(UUID.fromString(v));
            }
            Map<String, JsonObject> found = new HashMap<>();
            if (!ids.isEmpty() && ctx.access().can(target, "read")) {
                java.util.List<Object> params = new java.util.ArrayList<>();
                params.add(ids.toArray(new UUID[0]));
                String sql = "SELECT " + records.columns(ctx, target, params) + " FROM "
                        + Sql.table(ctx.tenant().schema(), target.name())
                        + " t WHERE t.\"id\" = ANY($1) AND t.\"deleted_at\" IS NULL"
                        + RecordAccess.scopeSql(ctx, target, "t", false, params);
                List<dev.atrium.metadata.model.FieldDef> visible = target.fields().stream()
                        .filter(x -> !types.require(x.type()).linkTable()
                                && ctx.access().fields().visible(target, x))
                        .toList();
                for (Row r : pool.preparedQuery(sql).execute(Tuple.wrap(params)).await()) {
                    JsonObject rec = codec.encode(target, visible, RecordRows.map(r));
                    found.put(rec.getString("id"), rec);
                }
            }
            for (int i = 0; i < data.size(); i++) {
                JsonObject rec = data.getJsonObject(i);
                JsonObject inc = rec.getJsonObject("_included");
                if (inc == null) rec.put("_included", inc = new JsonObject());
                String v = rec.getString(name);
                inc.put(name, v == null ? null : found.get(v));
            }
        }
    }
}
