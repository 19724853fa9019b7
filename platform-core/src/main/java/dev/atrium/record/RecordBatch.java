package dev.atrium.record;

import dev.atrium.db.PgValues;
import dev.atrium.internal.Ids;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.sql.Sql;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * New records of one entity written a few hundred to a statement, on the caller's connection: the fast
 * path of imports. Each record was prepared as a single create is (rules, validation) and gets the same
 * checks before the write (initial state, user and master references); the audit trigger records each
 * row as usual. A constraint that fails fails the whole statement: the caller rolls back to its savepoint
 * and writes the rows one by one to find the culprit.
 */
final class RecordBatch {
    /** PostgreSQL binds at most 65,535 parameters to a statement; stay well below. */
    private static final int MAX_PARAMS = 30_000;

    private RecordBatch() {}

    static List<UUID> insert(
            SqlConnection conn, RecordContext ctx, EntityDef e, List<DecodedRecord> recs, RecordReader reader) {
        Set<String> names = new LinkedHashSet<>();
        for (DecodedRecord r : recs) {
            StateMachines.checkInitial(e, r, "");
            UserRefs.check(conn, ctx, e, r, "", null);
            UserRefs.checkMasters(conn, ctx, e, r, "", reader);
            names.addAll(r.columns().keySet());
        }
        RecordRows.auditContext(conn, ctx);
        List<UUID> ids = new ArrayList<>(recs.size());
        int perStatement = Math.max(1, MAX_PARAMS / (names.size() + 1));
        for (int from = 0; from < recs.size(); from += perStatement) {
            List<DecodedRecord> part = recs.subList(from, Math.min(recs.size(), from + perStatement));
            StringBuilder sql = new StringBuilder("INSERT INTO ")
                    .append(Sql.table(ctx.tenant().schema(), e.name()))
                    .append(" (\"id\", \"owner_id\", \"created_by\", \"updated_by\"");
            for (String n : names) sql.append(", ").append(Sql.ident(n));
            sql.append(") VALUES ");
            List<Object> params = new ArrayList<>(List.of(ctx.principal().userId()));
            for (int i = 0; i < part.size(); i++) {
                UUID id = Ids.next();
                ids.add(id);
                params.add(id);
                sql.append(i > 0 ? ", ($" : "($").append(params.size()).append(", $1, $1, $1");
                for (String n : names) {
                    if (!part.get(i).columns().containsKey(n)) {
                        sql.append(", DEFAULT");
                        continue;
                    }
                    params.add(PgValues.bind(part.get(i).columns().get(n)));
                    sql.append(", $").append(params.size());
                }
                sql.append(')');
            }
            RecordRows.execute(conn, e, sql.toString(), params, "");
        }
        return ids;
    }
}
