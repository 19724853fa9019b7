package dev.atrium.deploy;

import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.merge.TreeChanges;
import dev.atrium.metadata.merge.Trees;
import dev.atrium.metadata.model.EntityDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a deployment changes in the metadata, property by property: labels, picklist values, views,
 * layouts, rules, workflows, approvals and permissions of fields, not only what needs DDL. Each change
 * has its path ({@code /entities/<id>/fields[<id>]/label/es}), the entity's name, a kind (added, removed,
 * changed) and the values; an added or removed element shows its id and name.
 */
public final class MetadataChanges {
    private MetadataChanges() {}

    static List<TreeChanges.Difference> between(Collection<EntityDef> before, Collection<EntityDef> after) {
        Map<String, Object> was = new LinkedHashMap<>();
        for (EntityDef e : before) was.put(e.id(), MetadataWriter.tree(e));
        Map<String, Object> will = new LinkedHashMap<>();
        for (EntityDef e : after) will.put(e.id(), MetadataWriter.tree(e));
        List<String> ids = new ArrayList<>(was.keySet());
        for (String id : will.keySet()) if (!ids.contains(id)) ids.add(id);
        List<TreeChanges.Difference> out = new ArrayList<>();
        for (String id : ids) {
            out.addAll(TreeChanges.between(
                    "/entities/" + id, was.getOrDefault(id, Trees.ABSENT), will.getOrDefault(id, Trees.ABSENT)));
        }
        return out;
    }

    /** The changes as JSON; {@code names} gives each entity id its name. */
    public static JsonArray json(List<TreeChanges.Difference> changes, Map<String, String> names) {
        JsonArray out = new JsonArray();
        for (TreeChanges.Difference d : changes) {
            String rest = d.path().substring("/entities/".length());
            int cut = rest.length();
            for (char c : new char[] {'/', '[', '#'}) {
                int i = rest.indexOf(c);
                if (i >= 0) cut = Math.min(cut, i);
            }
            String entityId = rest.substring(0, cut);
            out.add(new JsonObject()
                    .put("path", d.path())
                    .put("entity", names.getOrDefault(entityId, entityId))
                    .put("kind", d.kind())
                    .put("before", value(d.before()))
                    .put("after", value(d.after())));
        }
        return out;
    }

    private static Object value(Object v) {
        if (v == Trees.ABSENT) return null;
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            if (map.containsKey("name") || map.containsKey("value")) {
                JsonObject brief = new JsonObject();
                for (String k : List.of("id", "name", "value", "type"))
                    if (map.get(k) != null) brief.put(k, map.get(k));
                return brief;
            }
            return new JsonObject(map);
        }
        if (v instanceof List<?> l) return new JsonArray(new ArrayList<>(l));
        return v;
    }
}
