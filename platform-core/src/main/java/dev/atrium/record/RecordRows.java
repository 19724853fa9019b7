package dev.atrium.record;

import dev.atrium.db.PgValues;
import dev.atrium.metadata.model.EntityDef;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Statements' plumbing shared by the record layer: rows to maps, writes with problems, the audit context. */
final class RecordRows {
    private RecordRows() {}

    /**
     * A FROM item that puts the request's audit context into the transaction-local setting the audit
     * trigger reads, in the same statement as the write (no extra round trip).
     */
    static String auditContext(int param) {
        return "(SELECT set_config('atrium.ctx', $" + param + ", true)) actx";
    }

    /** The same, as its own statement, for multi-statement transactions. */
    static void auditContext(SqlClient conn, RecordContext ctx) {
        conn.preparedQuery("SELECT set_config('atrium.ctx', $1, true)")
                .execute(Tuple.of(ctx.auditJson()))
                .await();
    }

    /** Runs a write and turns constraint violations into problems that name the field. */
    static RowSet<Row> execute(SqlClient conn, EntityDef e, String sql, List<Object> params, String pointer) {
        try {
            return conn.preparedQuery(sql).execute(Tuple.wrap(params)).await();
        } catch (PgException ex) {
            throw Constraints.problem(ex, e, pointer);
        }
    }

    static Map<String, Object> map(Row r) {
        Map<String, Object> m = LinkedHashMap.newLinkedHashMap(r.size());
        for (int i = 0; i < r.size(); i++) m.put(r.getColumnName(i), PgValues.read(r.getValue(i)));
        return m;
    }

    static Map<String, Object> single(RowSet<Row> rows) {
        return map(rows.iterator().next());
    }
}
