package dev.atrium.record;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.Link;
import dev.atrium.metadata.types.ReferenceTypes.ManyToManyType;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Many-to-many values of a write: rows of the junction tables, with their link attributes. */
final class RecordLinks {
    private RecordLinks() {}

    /**
     * Writes the links of {@code rec} for record {@code id}; with {@code replace} a field's earlier links
     * go first. A link to a record that does not exist is a 422 at the field's pointer.
     */
    static void write(
            SqlClient conn,
            RecordContext ctx,
            EntityDef e,
            UUID id,
            DecodedRecord rec,
            String pointer,
            boolean replace) {
        for (Map.Entry<FieldDef, List<Link>> entry : rec.links().entrySet()) {
            FieldDef f = entry.getKey();
            String junction = Sql.table(ctx.tenant().schema(), ManyToManyType.junctionTable(f));
            if (replace)
                conn.preparedQuery("DELETE FROM " + junction + " WHERE \"source_id\" = $1")
                        .execute(Tuple.of(id))
                        .await();
            for (Link l : entry.getValue()) {
                List<String> cols = new ArrayList<>(List.of("\"source_id\"", "\"target_id\""));
                List<Object> params = new ArrayList<>(List.of(id, l.target()));
                for (Map.Entry<String, Object> a : l.attributes().entrySet()) {
                    cols.add(Sql.ident(a.getKey()));
                    params.add(a.getValue());
                }
                StringBuilder values = new StringBuilder();
                for (int i = 1; i <= params.size(); i++)
                    values.append(i > 1 ? ", $" : "$").append(i);
                try {
                    conn.preparedQuery("INSERT INTO " + junction + " (" + String.join(", ", cols) + ") VALUES ("
                                    + values + ")")
                            .execute(Tuple.wrap(params))
                            .await();
                } catch (PgException ex) {
                    if ("23503".equals(ex.getSqlState())) {
                        throw ApiProblem.invalidField(
                                pointer + "/" + f.name(),
                                f.displayName() + " links to " + l.target() + ", which is not a " + f.target());
                    }
                    throw ex;
                }
            }
        }
    }
}
