package dev.atrium.record;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * What a write may point at: user fields name users of the organisation, and a master-detail field names
 * a master the writer may change (a detail takes its master's access, so adding one to a master the writer
 * cannot change would plant records in someone else's data). Otherwise 422 at the field.
 */
final class UserRefs {
    private UserRefs() {}

    static void checkMasters(
            SqlClient conn, RecordContext ctx, EntityDef e, DecodedRecord rec, String pointer, RecordReader reader) {
        if (ctx.access() == dev.atrium.access.Access.FULL) return;
        for (FieldDef f : e.fields()) {
            if (!f.type().equals("master_detail") || !(rec.columns().get(f.name()) instanceof UUID master)) continue;
            EntityDef target = ctx.snapshot().entity(f.target()).orElse(null);
            if (target == null
                    || reader.visible(conn, ctx, target, master, true, false).size() == 0) {
                throw ApiProblem.invalidField(
                        pointer + "/" + f.name(),
                        "there is no " + (target == null ? f.target() : target.displayName()) + " " + master
                                + " you may change");
            }
        }
    }

    /**
     * User fields name users of the organisation; file fields name an attachment of this very record
     * ({@code record}: null for a record being created, which has no files yet).
     */
    static void check(SqlClient conn, RecordContext ctx, EntityDef e, DecodedRecord rec, String pointer, UUID record) {
        for (FieldDef f : e.fields()) {
            if (f.type().equals("file") && rec.columns().get(f.name()) instanceof UUID file) {
                boolean ours = record != null
                        && conn.preparedQuery("SELECT 1 FROM atrium.attachments WHERE id = $1 AND tenant_id = $2 AND"
                                                + " entity = $3 AND record_id = $4 AND deleted_at IS NULL")
                                        .execute(Tuple.of(file, ctx.tenant().id(), e.name(), record))
                                        .await()
                                        .size()
                                > 0;
                if (!ours) {
                    throw ApiProblem.invalidField(
                            pointer + "/" + f.name(),
                            record == null
                                    ? "save the record first, attach the file to it, then set " + f.name()
                                    : "the file " + file + " is not attached to this record");
                }
            }
            if (!f.type().equals("user") || !(rec.columns().get(f.name()) instanceof UUID user)) continue;
            Set<UUID> found = new HashSet<>();
            for (Row r : conn.preparedQuery("SELECT id FROM atrium.users WHERE tenant_id = $1 AND id = $2")
                    .execute(Tuple.of(ctx.tenant().id(), user))
                    .await()) found.add(r.getUUID("id"));
            if (found.isEmpty()) {
                throw ApiProblem.invalidField(pointer + "/" + f.name(), "there is no user " + user + " here");
            }
        }
    }
}
