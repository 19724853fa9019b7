package dev.atrium.deploy;

import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataStore;
import dev.atrium.metadata.diff.Change;
import dev.atrium.metadata.diff.MigrationPlan;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.schema.SchemaMigrator;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Removed fields and entities keep their data under an aside name until purged; this is the register of
 * what is kept ({@code atrium.aside_objects}), with the definition each had, so that one deployed again
 * comes back with its data, and as it was.
 */
public final class AsideObjects {
    private final Pool pool;
    private final SchemaMigrator migrator;

    public AsideObjects(Pool pool, SchemaMigrator migrator) {
        this.pool = pool;
        this.migrator = migrator;
    }

    static Set<String> ids(SqlConnection conn, Tenant tenant) {
        Set<String> ids = new HashSet<>();
        for (Row r : conn.preparedQuery("SELECT object_id FROM atrium.aside_objects WHERE tenant_id = $1")
                .execute(Tuple.of(tenant.id()))
                .await()) {
            ids.add(r.getString("object_id"));
        }
        return ids;
    }

    /** Entities set aside, as they were defined when removed: one that comes back is restored as it was. */
    static Map<String, EntityDef> entities(SqlConnection conn, Tenant tenant) {
        Map<String, EntityDef> out = new HashMap<>();
        for (Row r : conn.preparedQuery("SELECT object_id, definition FROM atrium.aside_objects"
                        + " WHERE tenant_id = $1 AND kind = 'table'")
                .execute(Tuple.of(tenant.id()))
                .await()) {
            try {
                String definition = r.getJsonObject("definition").encode();
                out.put(r.getString("object_id"), MetadataReader.entity(MetadataReader.parse(definition)));
            } catch (RuntimeException unreadable) {
                // an older definition that no longer reads: the entity is restored as newly defined
            }
        }
        return out;
    }

    /** Registers what a deployment set aside and forgets what it restored. */
    static void record(SqlConnection conn, Tenant tenant, MetadataSnapshot live, MigrationPlan plan, long version) {
        for (EntityDef e : live.entities()) {
            for (Change c : plan.changes()) {
                if (c instanceof Change.SetAsideTable t && t.table().equals(e.name())) {
                    insert(
                            conn,
                            tenant,
                            e.id(),
                            "table",
                            e.name(),
                            t.asideName(),
                            MetadataWriter.entity(e, null),
                            version);
                }
                if (c instanceof Change.SetAsideColumn col && col.table().equals(e.name())) {
                    for (var f : e.fields()) {
                        if (col.asideName().equals("_del_" + f.id())) {
                            insert(
                                    conn,
                                    tenant,
                                    f.id(),
                                    "column",
                                    e.name(),
                                    col.asideName(),
                                    MetadataWriter.field(f),
                                    version);
                        }
                    }
                }
            }
        }
        for (Change c : plan.changes()) {
            String restored = switch (c) {
                case Change.RestoreColumn r ->
                    r.asideName().substring("_del_".length()).replaceAll("_\\d+$", "");
                case Change.RenameTable r
                when r.from().startsWith("_del_") -> r.from().substring("_del_".length());
                default -> null;
            };
            if (restored != null) forget(conn, tenant, restored);
        }
    }

    private static void insert(
            SqlConnection conn,
            Tenant tenant,
            String id,
            String kind,
            String entity,
            String name,
            Map<String, Object> definition,
            long version) {
        conn.preparedQuery("INSERT INTO atrium.aside_objects"
                        + " (tenant_id, object_id, kind, entity, name, definition, removed_in)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, object_id) DO UPDATE SET"
                        + " entity = EXCLUDED.entity, name = EXCLUDED.name, definition = EXCLUDED.definition,"
                        + " removed_in = EXCLUDED.removed_in")
                .execute(Tuple.of(
                        tenant.id(), id, kind, entity, name, new JsonObject(MetadataWriter.json(definition)), version))
                .await();
    }

    private static void forget(SqlConnection conn, Tenant tenant, String objectId) {
        conn.preparedQuery("DELETE FROM atrium.aside_objects WHERE tenant_id = $1 AND object_id = $2")
                .execute(Tuple.of(tenant.id(), objectId))
                .await();
    }

    /** Permanently deletes a removed field's or entity's kept data. */
    public void purge(Tenant tenant, String objectId) {
        Tx.run(pool, conn -> {
            Row r = null;
            for (Row row : conn.preparedQuery("SELECT kind, entity, name FROM atrium.aside_objects"
                            + " WHERE tenant_id = $1 AND object_id = $2")
                    .execute(Tuple.of(tenant.id(), objectId))
                    .await()) {
                r = row;
            }
            if (r == null) throw ApiProblem.notFound("nothing removed with id " + objectId + " is kept");
            String kind = r.getString("kind");
            MetadataSnapshot live = MetadataStore.latest(conn, tenant.id());
            String entity = r.getString("entity");
            String table = kind.equals("column")
                    ? live.entities().stream()
                            .map(EntityDef::name)
                            .filter(entity::equals)
                            .findFirst()
                            .orElse(entity)
                    : null;
            migrator.purge(conn, tenant.schema(), kind, table, r.getString("name"));
            forget(conn, tenant, objectId);
            return null;
        });
    }

    public JsonArray list(Tenant tenant) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery("SELECT object_id, kind, entity, name, definition, removed_in, removed_at"
                        + " FROM atrium.aside_objects WHERE tenant_id = $1 ORDER BY removed_at")
                .execute(Tuple.of(tenant.id()))
                .await()) {
            out.add(new JsonObject()
                    .put("id", r.getString("object_id"))
                    .put("kind", r.getString("kind"))
                    .put("entity", r.getString("entity"))
                    .put("keptAs", r.getString("name"))
                    .put("definition", r.getJsonObject("definition"))
                    .put("removedInVersion", r.getLong("removed_in"))
                    .put("removedAt", r.getOffsetDateTime("removed_at").toString()));
        }
        return out;
    }
}
