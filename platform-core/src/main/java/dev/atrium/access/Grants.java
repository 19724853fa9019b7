package dev.atrium.access;

import dev.atrium.internal.ApiProblem;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a permission set grants, or the union of several: per entity the operations, per field read and
 * edit (allow-lists: a field nobody granted is invisible; {@code "*"} grants every field, also those added
 * later, so a set that must hide a field lists the fields it grants instead), and the administrative
 * permissions.
 * JSON form (stored in {@code atrium.permission_sets.definition}):
 * <pre>{"entities": {"account": {"create": true, "read": true, "edit": true, "delete": false,
 *     "viewAll": false, "modifyAll": false, "export": false,
 *     "fields": {"name": {"read": true, "edit": true}}}},
 *  "admin": {"manageUsers": false, "manageAccess": false, "manageMetadata": false}}</pre>
 */
public record Grants(Map<String, EntityGrant> entities, Set<String> admin) {
    public static final Set<String> OPERATIONS =
            Set.of("create", "read", "edit", "delete", "viewAll", "modifyAll", "export");
    public static final Set<String> ADMIN = Set.of("manageUsers", "manageAccess", "manageMetadata", "viewAudit");
    public static final Grants NONE = new Grants(Map.of(), Set.of());

    /** The field name that stands for every field of the entity. */
    public static final String ALL_FIELDS = "*";

    /** One entity's grant: operations and field access (field name -> "read" or "edit"). */
    public record EntityGrant(Set<String> operations, Map<String, String> fields) {
        public boolean can(String op) {
            return operations.contains(op);
        }

        public boolean canRead(String field) {
            return fields.containsKey(field) || fields.containsKey(ALL_FIELDS);
        }

        public boolean canEdit(String field) {
            return "edit".equals(fields.get(field)) || "edit".equals(fields.get(ALL_FIELDS));
        }
    }

    public EntityGrant entity(String name) {
        return entities.getOrDefault(name, new EntityGrant(Set.of(), Map.of()));
    }

    /** Parses and checks a definition; problems point into the request body at {@code pointer}. */
    public static Grants parse(JsonObject def, String pointer) {
        Map<String, EntityGrant> entities = new HashMap<>();
        JsonObject ents = def.getJsonObject("entities", new JsonObject());
        for (String entity : ents.fieldNames()) {
            JsonObject g = ents.getJsonObject(entity);
            Set<String> ops = new java.util.HashSet<>();
            Map<String, String> fields = new HashMap<>();
            for (String key : g.fieldNames()) {
                String at = pointer + "/entities/" + entity + "/" + key;
                if (key.equals("fields")) {
                    JsonObject fs = g.getJsonObject("fields");
                    for (String f : fs.fieldNames()) {
                        JsonObject fg = fs.getJsonObject(f);
                        if (fg.getBoolean("edit", false)) fields.put(f, "edit");
                        else if (fg.getBoolean("read", false)) fields.put(f, "read");
                    }
                } else if (OPERATIONS.contains(key)) {
                    if (Boolean.TRUE.equals(g.getValue(key))) ops.add(key);
                } else {
                    throw ApiProblem.invalidField(
                            at,
                            "\"" + key + "\" is not a permission; use "
                                    + String.join(
                                            ", ", OPERATIONS.stream().sorted().toList()) + " or fields");
                }
            }
            entities.put(entity, new EntityGrant(Set.copyOf(ops), Map.copyOf(fields)));
        }
        Set<String> admin = new java.util.HashSet<>();
        JsonObject adm = def.getJsonObject("admin", new JsonObject());
        for (String key : adm.fieldNames()) {
            if (!ADMIN.contains(key))
                throw ApiProblem.invalidField(
                        pointer + "/admin/" + key,
                        "\"" + key + "\" is not an admin permission; use " + String.join(", ", ADMIN));
            if (Boolean.TRUE.equals(adm.getValue(key))) admin.add(key);
        }
        return new Grants(Map.copyOf(entities), Set.copyOf(admin));
    }

    /** The union of two grants (a user's permission sets add up). */
    public Grants union(Grants other) {
        Map<String, EntityGrant> m = new HashMap<>(entities);
        other.entities.forEach((name, g) -> m.merge(name, g, (a, b) -> {
            Set<String> ops = new java.util.HashSet<>(a.operations());
            ops.addAll(b.operations());
            Map<String, String> fields = new HashMap<>(a.fields());
            b.fields()
                    .forEach((f, level) ->
                            fields.merge(f, level, (x, y) -> x.equals("edit") || y.equals("edit") ? "edit" : "read"));
            return new EntityGrant(Set.copyOf(ops), Map.copyOf(fields));
        }));
        Set<String> adm = new java.util.HashSet<>(admin);
        adm.addAll(other.admin);
        return new Grants(Map.copyOf(m), Set.copyOf(adm));
    }

    /** The first thing {@code this} grants that {@code holder} does not, or null: nobody grants what they lack. */
    public String notCoveredBy(Grants holder) {
        for (String a : admin) if (!holder.admin.contains(a)) return "admin permission " + a;
        for (var e : entities.entrySet()) {
            EntityGrant h = holder.entity(e.getKey());
            for (String op : e.getValue().operations()) if (!h.can(op)) return op + " on " + e.getKey();
            for (var f : e.getValue().fields().entrySet()) {
                if (f.getValue().equals("edit") ? !h.canEdit(f.getKey()) : !h.canRead(f.getKey())) {
                    return f.getValue() + " of " + e.getKey() + "." + f.getKey();
                }
            }
        }
        return null;
    }
}
