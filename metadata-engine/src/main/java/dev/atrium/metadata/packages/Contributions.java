package dev.atrium.metadata.packages;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a set of installed packages puts into an organisation's metadata: each package's entities, with
 * the extensions of the packages that build on them added, and who owns what (entity, field, picklist
 * value, rule, workflow, section, view). The package layer of the live metadata; the organisation's own
 * changes are the difference between this and the live documents.
 */
public final class Contributions {
    /** Entity documents by entity id, each the owner's document plus every extension of it. */
    public final Map<String, Map<String, Object>> entities = new LinkedHashMap<>();
    /** The owning package of each entity (by id) and of each element ({@code entityId/fields[id]}...). */
    public final Map<String, String> owners = new LinkedHashMap<>();

    private final List<String> problems = new ArrayList<>();

    /** @param packages installed packages, each after the packages it requires */
    public static Contributions of(Collection<PackageDef> packages) {
        Contributions c = new Contributions();
        for (PackageDef p : packages) {
            for (Map<String, Object> e : p.entities()) c.own(p, e);
        }
        for (PackageDef p : packages) {
            for (Map<String, Object> x : p.extensions()) c.extend(p, x);
        }
        if (!c.problems.isEmpty()) throw new PackageException(String.join("; ", c.problems));
        return c;
    }

    /** The entity id a package entity (or an extension's target) has, by name; null when none. */
    public String entityIdByName(String name) {
        for (var e : entities.entrySet()) if (name.equals(e.getValue().get("name"))) return e.getKey();
        return null;
    }

    private void own(PackageDef p, Map<String, Object> entity) {
        String id = (String) entity.get("id");
        String taken = owners.get(id);
        if (taken != null) {
            problems.add("entity id " + id + " of " + p.id() + " belongs to package " + taken);
            return;
        }
        String sameName = entityIdByName((String) entity.get("name"));
        if (sameName != null) {
            problems.add("the entity name \"" + entity.get("name") + "\" belongs to package " + owners.get(sameName)
                    + "; " + p.id() + " can add to it with extensions/" + entity.get("name") + ".json");
            return;
        }
        entities.put(id, copy(entity));
        owners.put(id, p.id());
        for (Map<String, Object> f : PackageDef.list(entity.get("fields")))
            owners.put(id + "/fields[" + f.get("id") + "]", p.id());
    }

    private void extend(PackageDef p, Map<String, Object> x) {
        String name = (String) x.get("entity");
        String id = entityIdByName(name);
        if (id == null) {
            problems.add(p.id() + " extends \"" + name + "\", which no package it requires defines");
            return;
        }
        String owner = owners.get(id);
        if (!p.requiredPackages().containsKey(owner)) {
            problems.add(p.id() + " extends \"" + name + "\" of package " + owner + " without requiring " + owner);
            return;
        }
        Map<String, Object> e = entities.get(id);
        for (Map<String, Object> f : PackageDef.list(x.get("fields"))) {
            String key = id + "/fields[" + f.get("id") + "]";
            if (owners.containsKey(key) || field(e, (String) f.get("name")) != null) {
                problems.add(p.id() + " adds the field " + name + "." + f.get("name") + ", which "
                        + owners.getOrDefault(key, owner) + " already has");
                continue;
            }
            mutableList(e, "fields").add(copy(f));
            owners.put(key, p.id());
        }
        if (x.get("values") instanceof Map<?, ?> values) {
            for (var v : values.entrySet()) {
                Map<String, Object> field = field(e, (String) v.getKey());
                if (field == null || !(field.get("values") instanceof List<?>)) {
                    problems.add(p.id() + " adds picklist values to " + name + "." + v.getKey()
                            + ", which is not a picklist");
                    continue;
                }
                for (Map<String, Object> value : PackageDef.list(v.getValue())) {
                    mutableList(field, "values").add(copy(value));
                    owners.put(id + "/fields[" + field.get("id") + "]/values[" + value.get("id") + "]", p.id());
                }
            }
        }
        if (x.get("portal") instanceof Map<?, ?> portal) {
            if (e.get("portal") != null) {
                problems.add(p.id() + " sets the portal field of " + name + ", which already has one");
            } else {
                e.put("portal", copy(PackageDef.cast(portal)));
                owners.put(id + "/portal", p.id());
            }
        }
        append(p, id, e, x, "rules", "rules");
        append(p, id, e, x, "workflows", "workflows");
        if (x.get("sections") instanceof List<?> sections) {
            Map<String, Object> layout = mutableMap(mutableMap(e, "ui"), "layout");
            for (Map<String, Object> s : PackageDef.list(sections)) {
                mutableList(layout, "sections").add(copy(s));
                owners.put(id + "/ui/layout/sections[" + s.get("id") + "]", p.id());
            }
        }
        if (x.get("views") instanceof List<?> views) {
            for (Map<String, Object> v : PackageDef.list(views)) {
                mutableList(mutableMap(e, "ui"), "views").add(copy(v));
                owners.put(id + "/ui/views[" + v.get("name") + "]", p.id());
            }
        }
    }

    private void append(PackageDef p, String id, Map<String, Object> e, Map<String, Object> x, String from, String to) {
        for (Map<String, Object> item : PackageDef.list(x.get(from))) {
            mutableList(e, to).add(copy(item));
            owners.put(id + "/" + to + "[" + item.getOrDefault("id", item.get("name")) + "]", p.id());
        }
    }

    private static Map<String, Object> field(Map<String, Object> entity, String name) {
        for (Map<String, Object> f : PackageDef.list(entity.get("fields"))) if (name.equals(f.get("name"))) return f;
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mutableList(Map<String, Object> owner, String key) {
        Object l = owner.get(key);
        if (!(l instanceof ArrayList<?>)) {
            l = l instanceof List<?> existing ? new ArrayList<>(existing) : new ArrayList<>();
            owner.put(key, l);
        }
        return (List<Object>) l;
    }

    private static Map<String, Object> mutableMap(Map<String, Object> owner, String key) {
        Object m = owner.get(key);
        if (!(m instanceof LinkedHashMap<?, ?>)) {
            m = m instanceof Map<?, ?> existing
                    ? new LinkedHashMap<>(PackageDef.cast(existing))
                    : new LinkedHashMap<>();
            owner.put(key, m);
        }
        return PackageDef.cast(m);
    }

    /** A deep copy, so that building the layer never changes the packages it is built from. */
    public static Map<String, Object> copy(Map<String, Object> tree) {
        return PackageDef.cast(MetadataReader.plain(MetadataReader.parse(MetadataWriter.json(tree))));
    }
}
