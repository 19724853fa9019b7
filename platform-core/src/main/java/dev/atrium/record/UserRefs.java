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

/** User fields name users of the organisation: a write naming anyone else is refused at the field (422). */
final class UserRefs {
    private UserRefs() {}

    static void check(SqlClient conn, RecordContext ctx, EntityDef e, DecodedRecord rec, String pointer) {
        for (FieldDef f : e.fields()) {
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
