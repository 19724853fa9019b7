package dev.atrium.analytics;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.record.RecordContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The names a report shows for ids: a related record's title (only records the reader may read: others
 * stay unnamed) and a person's display name. One query per target entity per report run.
 */
final class Names {
    private static final Set<String> PEOPLE =
            Set.of(SystemFields.OWNER, SystemFields.CREATED_BY, SystemFields.UPDATED_BY);
    private final Pool pool;
    private final RecordContext ctx;

    Names(Pool pool, RecordContext ctx) {
        this.pool = pool;
        this.ctx = ctx;
    }

    /** What kind of id a path's values are: an entity's name, "user", or null (not an id). */
    static String target(String path, FieldDef f) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        if (f == null) return PEOPLE.contains(last) ? "user" : null;
        if (f.type().equals("user")) return "user";
        if (f.type().equals("lookup") || f.type().equals("master_detail")) return f.target();
        return null;
    }

    /** Names for the ids, keyed by id text; ids without a readable name are absent. */
    Map<String, String> of(String target, Set<UUID> ids) {
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        UUID[] arr = ids.toArray(UUID[]::new);
        if (target.equals("user")) {
            for (Row r : pool.preparedQuery("SELECT id, coalesce(display_name, email) AS n FROM atrium.users"
                            + " WHERE tenant_id = $1 AND id = ANY($2)")
                    .execute(Tuple.of(ctx.tenant().id(), (Object) arr))
                    .await()) {
                out.put(r.getUUID("id").toString(), r.getString("n"));
            }
            return out;
        }
        EntityDef e = ctx.snapshot().entity(target).orElse(null);
        if (e == null || !ctx.access().can(e, "read")) return out;
        FieldDef title = e.titleField() == null ? null : e.field(e.titleField()).orElse(null);
        if (title == null
                || !ctx.access().fields().visible(e, title)
                || title.type().equals("formula")) return out;
        List<Object> params = new ArrayList<>();
        params.add(arr);
        String schema = ctx.tenant().schema();
        var scope = ctx.access().scope(e, schema, "t", false);
        String sql = "SELECT t.\"id\", t." + Sql.ident(title.name()) + "::text AS n FROM " + Sql.table(schema, e.name())
                + " t WHERE t.\"id\" = ANY($1) AND t.\"deleted_at\" IS NULL"
                + (scope == null ? "" : " AND " + scope.render(params));
        for (Row r : pool.preparedQuery(sql).execute(Tuple.wrap(params)).await()) {
            out.put(r.getUUID("id").toString(), r.getString("n"));
        }
        return out;
    }
}
