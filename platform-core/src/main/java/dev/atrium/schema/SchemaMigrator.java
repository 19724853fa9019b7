package dev.atrium.schema;

import dev.atrium.metadata.diff.Change.AlterColumnType;
import dev.atrium.metadata.sql.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The only class that runs DDL against tenant schemas. It executes statements inside the caller's
 * transaction (so a failure anywhere rolls the whole deployment back) and previews type conversions.
 */
public final class SchemaMigrator {

    /** Something to run between the DDL and the commit; tests use it to inject a failure. */
    @FunctionalInterface
    public interface AfterDdlHook {
        AfterDdlHook NONE = statements -> {};

        void afterDdl(List<String> statements) throws Exception;
    }

    private volatile AfterDdlHook hook = AfterDdlHook.NONE;

    public void setAfterDdlHook(AfterDdlHook hook) {
        this.hook = hook == null ? AfterDdlHook.NONE : hook;
    }

    /** Runs the statements in order on {@code conn}, which must be inside a transaction. */
    public void execute(SqlConnection conn, List<String> statements) throws Exception {
        for (String sql : statements) {
            conn.query(sql).execute().await();
        }
        hook.afterDdl(statements);
    }

    /**
     * How many existing values of a column would convert to the new type, and a few that would not.
     * Uses {@code pg_input_is_valid} (PostgreSQL 16+), so the answer is exactly what the ALTER would do.
     */
    public JsonObject previewConversion(SqlConnection conn, String schema, AlterColumnType c) {
        String col = Sql.ident(c.column());
        String table = Sql.table(schema, c.table());
        Row counts = conn.preparedQuery("SELECT count(" + col + ") AS total, count(" + col
                        + ") FILTER (WHERE NOT pg_input_is_valid(" + col + "::text, $1)) AS failing FROM " + table)
                .execute(Tuple.of(c.toType()))
                .await()
                .iterator()
                .next();
        JsonArray samples = new JsonArray();
        for (Row r : conn.preparedQuery("SELECT " + col + "::text AS v FROM " + table + " WHERE " + col
                        + " IS NOT NULL AND NOT pg_input_is_valid(" + col + "::text, $1) LIMIT 5")
                .execute(Tuple.of(c.toType()))
                .await()) {
            samples.add(r.getString("v"));
        }
        long total = counts.getLong("total");
        long failing = counts.getLong("failing");
        return new JsonObject()
                .put("table", c.table())
                .put("column", c.column())
                .put("from", c.fromType())
                .put("to", c.toType())
                .put("values", total)
                .put("convertible", total - failing)
                .put("failing", failing)
                .put("failingSamples", samples);
    }

    /** How many records hold a picklist value (for a multi-picklist: have it among their values). */
    public long countHolding(
            SqlConnection conn, String schema, String table, String column, String value, boolean multi) {
        String col = Sql.ident(column);
        String where = multi ? "$1 = ANY(" + col + ")" : col + " = $1";
        return conn.preparedQuery("SELECT count(*) AS n FROM " + Sql.table(schema, table) + " WHERE " + where)
                .execute(Tuple.of(value))
                .await()
                .iterator()
                .next()
                .getLong("n");
    }

    /** Whether the table of a change exists yet (a preview cannot look into a table this plan creates). */
    public boolean tableExists(SqlConnection conn, String schema, String table) {
        return conn.preparedQuery("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2")
                        .execute(Tuple.of(schema, table))
                        .await()
                        .size()
                > 0;
    }

    /** Permanently removes a set-aside column or table. */
    public void purge(SqlConnection conn, String schema, String kind, String entityTable, String asideName) {
        if (kind.equals("table")) {
            conn.query("DROP TABLE IF EXISTS " + Sql.table(schema, asideName) + " CASCADE")
                    .execute()
                    .await();
        } else {
            conn.query("ALTER TABLE " + Sql.table(schema, entityTable) + " DROP COLUMN IF EXISTS "
                            + Sql.ident(asideName))
                    .execute()
                    .await();
        }
    }
}
