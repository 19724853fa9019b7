package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.TestPlatform.Api;
import dev.atrium.schema.RecentIndexes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

/**
 * A list without a sort shows the newest records first: every entity table has an index for that order
 * (made with the table), and a table made before that index existed gets it from the background loop.
 */
class RecentIndexIT {
    @Test
    void everyEntityTableGetsTheDefaultOrdersIndex() {
        Platform p = TestPlatform.get();
        Api admin = TestPlatform.tenantWithAdmin(p, "recent");
        JsonObject entity = new JsonObject()
                .put("id", "ent_visit")
                .put("name", "visit")
                .put(
                        "fields",
                        new JsonArray()
                                .add(new JsonObject().put("name", "place").put("type", "text")));
        assertEquals(
                201,
                admin.deploy(new JsonObject().put("entities", new JsonArray().add(entity)))
                        .status());
        String schema = admin.tenant.schema();
        assertEquals(
                "CREATE INDEX ix_ent_visit_recent ON " + schema + ".visit USING btree (created_at DESC, id) "
                        + "WHERE (deleted_at IS NULL)",
                definition(p, schema),
                "made with the table");

        // a table from before: without the index, until the background loop builds it
        p.blocking(() -> p.pool()
                .query("DROP INDEX \"" + schema + "\".ix_ent_visit_recent")
                .execute()
                .await());
        assertEquals(null, definition(p, schema));
        RecentIndexes indexes = new RecentIndexes(p.pool(), p.metadata());
        int built = p.blocking(indexes::ensureSome);
        assertEquals(true, built >= 1, "built " + built);
        assertEquals(
                "CREATE INDEX ix_ent_visit_recent ON " + schema + ".visit USING btree (created_at DESC, id) "
                        + "WHERE (deleted_at IS NULL)",
                definition(p, schema),
                "built for the older table");
        var list = admin.get("/api/v1/records/visit?limit=5");
        assertEquals(200, list.status(), list.body());
    }

    private static String definition(Platform p, String schema) {
        return p.blocking(() -> {
            for (var r : p.pool()
                    .preparedQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = "
                            + "'ix_ent_visit_recent'")
                    .execute(Tuple.of(schema))
                    .await()) return r.getString(0);
            return null;
        });
    }
}
