package dev.atrium.audit;

import dev.atrium.auth.ServicePrincipals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Names the actors of audit entries: a user by display name, a plugin as "Plugin &lt;id&gt;" (its
 * service principal), the platform's workflows as "Workflow". One query for users and one for plugins
 * per page of entries.
 */
final class ActorNames {
    private ActorNames() {}

    static void attach(Pool pool, UUID tenant, JsonArray entries) {
        Set<UUID> actors = new HashSet<>();
        for (Object o : entries) {
            String a = ((JsonObject) o).getString("actor");
            if (a != null) actors.add(UUID.fromString(a));
        }
        if (actors.isEmpty()) return;
        Map<UUID, String> names = new HashMap<>();
        names.put(ServicePrincipals.WORKFLOW, "Workflow");
        names.put(ServicePrincipals.PACKAGES, "Packages");
        for (Row r : pool.preparedQuery(
                        "SELECT id, display_name FROM atrium.users WHERE tenant_id = $1 AND id = ANY($2)")
                .execute(Tuple.tuple().addUUID(tenant).addArrayOfUUID(actors.toArray(new UUID[0])))
                .await()) {
            names.put(r.getUUID("id"), r.getString("display_name"));
        }
        if (!names.keySet().containsAll(actors)) {
            for (Row r : pool.query("SELECT id FROM atrium.plugins").execute().await()) {
                names.putIfAbsent(ServicePrincipals.plugin(r.getString("id")), "Plugin " + r.getString("id"));
            }
        }
        for (Object o : entries) {
            JsonObject e = (JsonObject) o;
            String a = e.getString("actor");
            if (a != null) e.put("actorName", names.get(UUID.fromString(a)));
        }
    }
}
