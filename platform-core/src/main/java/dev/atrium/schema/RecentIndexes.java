package dev.atrium.schema;

import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.ddl.DdlWriter;
import dev.atrium.metadata.diff.Names;
import dev.atrium.metadata.sql.Sql;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index behind the default list order ({@code created_at DESC, id} over live records) for entity
 * tables created before deployments made it: built {@code CONCURRENTLY} (writes go on) by the background
 * loop, a few tables a pass, until none lacks it. A build that failed (an invalid index) is dropped and
 * built again; two nodes building the same one at once is harmless ({@code IF NOT EXISTS}).
 */
public final class RecentIndexes {
    private static final Logger LOG = LoggerFactory.getLogger(RecentIndexes.class);
    private static final int PER_PASS = 20;

    private final Pool pool;
    private final MetadataRegistry metadata;
    private volatile boolean done;

    public RecentIndexes(Pool pool, MetadataRegistry metadata) {
        this.pool = pool;
        this.metadata = metadata;
    }

    /** Builds the index on up to {@value #PER_PASS} tables lacking it; returns how many. Awaits. */
    public int ensureSome() {
        if (done) return 0;
        record Missing(UUID tenant, String schema, String table, boolean invalid) {}
        List<Missing> missing = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT t.id, n.nspname, c.relname, EXISTS (SELECT 1 FROM pg_index i JOIN "
                        + "pg_class x ON x.oid = i.indexrelid WHERE i.indrelid = c.oid AND x.relname LIKE '%\\_recent' "
                        + "AND NOT i.indisvalid) AS invalid FROM atrium.tenants t JOIN pg_namespace n ON n.nspname = "
                        + "t.schema_name JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind = 'r' "
                        + "WHERE c.relname NOT LIKE '\\_%' AND EXISTS "
                        + "(SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'deleted_at' AND "
                        + "NOT a.attisdropped) AND NOT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class x ON x.oid = "
                        + "i.indexrelid WHERE i.indrelid = c.oid AND x.relname LIKE '%\\_recent' AND i.indisvalid) "
                        + "LIMIT $1")
                .execute(io.vertx.sqlclient.Tuple.of(PER_PASS))
                .await()) {
            missing.add(new Missing(r.getUUID(0), r.getString(1), r.getString(2), r.getBoolean(3)));
        }
        int built = 0;
        for (Missing m : missing) {
            var entity = metadata.snapshot(m.tenant()).entity(m.table()).orElse(null);
            if (entity == null) continue; // not an entity's table (an aside copy of a removed field's data)
            String name = Sql.ident(Names.recentIndex(entity.id()));
            String index = Sql.ident(m.schema()) + "." + name;
            try {
                if (m.invalid())
                    pool.query("DROP INDEX CONCURRENTLY IF EXISTS " + index)
                            .execute()
                            .await();
                pool.query(DdlWriter.recentIndex(name, Sql.table(m.schema(), m.table()))
                                .replaceFirst("^CREATE INDEX ", "CREATE INDEX CONCURRENTLY IF NOT EXISTS "))
                        .execute()
                        .await();
                built++;
            } catch (RuntimeException e) {
                LOG.warn(
                        "the list index of {}.{} was not built (will retry): {}",
                        m.schema(),
                        m.table(),
                        e.getMessage());
            }
        }
        // nothing left, or only tables that are no entity's: nothing more to do on this node
        if (missing.isEmpty() || built == 0 && missing.size() < PER_PASS) done = true;
        else if (built > 0) LOG.info("built the default list order's index on {} older table(s)", built);
        return built;
    }
}
