package dev.atrium.packages;

import dev.atrium.metadata.merge.TreeChanges;
import dev.atrium.metadata.merge.Trees;
import dev.atrium.metadata.packages.PackageDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A plan's changes to the live metadata as a person reads them: each with its path, the entity, whether
 * something is added, removed or changed, and the values (an added or removed element shows its id and
 * name; its content is in the deployment preview).
 */
final class PackageChanges {
    private PackageChanges() {}

    static JsonArray json(PackagePlanner.Plan plan) {
        JsonArray out = new JsonArray();
        for (TreeChanges.Difference d : plan.changes()) {
            String rest = d.path().substring("/entities/".length());
            int cut = rest.length();
            for (char c : new char[] {'/', '[', '#'}) {
                int i = rest.indexOf(c);
                if (i >= 0) cut = Math.min(cut, i);
            }
            String entityId = rest.substring(0, cut);
            out.add(new JsonObject()
                    .put("path", d.path())
                    .put("entity", plan.names().getOrDefault(entityId, entityId))
                    .put("kind", d.kind())
                    .put("before", value(d.before()))
                    .put("after", value(d.after())));
        }
        return out;
    }

    private static Object value(Object v) {
        if (v == Trees.ABSENT) return null;
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> map = PackageDef.cast(m);
            if (map.containsKey("name") || map.containsKey("value")) {
                JsonObject brief = new JsonObject();
                for (String k : List.of("id", "name", "value", "type"))
                    if (map.get(k) != null) brief.put(k, map.get(k));
                return brief;
            }
            return new JsonObject(map);
        }
        if (v instanceof List<?> l) return new JsonArray(new java.util.ArrayList<>(l));
        return v;
    }
}
