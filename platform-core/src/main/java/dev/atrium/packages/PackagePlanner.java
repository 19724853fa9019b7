package dev.atrium.packages;

import dev.atrium.metadata.merge.ThreeWayMerge;
import dev.atrium.metadata.merge.ThreeWayMerge.Side;
import dev.atrium.metadata.merge.TreeChanges;
import dev.atrium.metadata.merge.Trees;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.packages.Contributions;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageException;
import dev.atrium.metadata.packages.PackageReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a package operation as a merge of layers. The package layer before (the installed packages) and
 * after (with the package installed, upgraded or gone) are built by {@link Contributions}; every entity
 * whose layer differs is merged three ways with the live entity, which carries the organisation's own
 * changes. Pure: the caller measures what the removals touch in the data.
 */
final class PackagePlanner {
    /** The entity documents to deploy, the entities to remove (live names), and what the merge found. */
    record Plan(
            List<Map<String, Object>> documents,
            List<String> remove,
            List<ThreeWayMerge.Conflict> conflicts,
            List<ThreeWayMerge.Removal> removals,
            List<TreeChanges.Difference> changes,
            Map<String, Map<String, Object>> merged,
            Map<String, String> names) {}

    private PackagePlanner() {}

    static Plan plan(
            MetadataSnapshot live, List<PackageDef> before, List<PackageDef> after, Map<String, Side> decisions) {
        Contributions was = Contributions.of(before);
        Contributions will = Contributions.of(after);
        Map<String, Map<String, Object>> liveTrees = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (EntityDef e : live.entities()) {
            liveTrees.put(e.id(), PackageReader.canonical(e));
            names.put(e.id(), e.name());
        }
        refuseTakenNames(live, was, will);
        Set<String> affected = new LinkedHashSet<>();
        for (String id : was.entities.keySet())
            if (!Trees.same(was.entities.get(id), will.entities.get(id))) affected.add(id);
        for (String id : will.entities.keySet()) if (!was.entities.containsKey(id)) affected.add(id);

        List<Map<String, Object>> documents = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<ThreeWayMerge.Conflict> conflicts = new ArrayList<>();
        List<ThreeWayMerge.Removal> removals = new ArrayList<>();
        List<TreeChanges.Difference> changes = new ArrayList<>();
        Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
        for (String id : affected) {
            String path = "/entities/" + id;
            Object base = was.entities.containsKey(id) ? was.entities.get(id) : Trees.ABSENT;
            Object ours = liveTrees.containsKey(id) ? liveTrees.get(id) : Trees.ABSENT;
            Object theirs = will.entities.containsKey(id) ? will.entities.get(id) : Trees.ABSENT;
            ThreeWayMerge.Result r = ThreeWayMerge.merge(path, base, ours, theirs, decisions);
            conflicts.addAll(r.conflicts());
            removals.addAll(r.removals());
            changes.addAll(TreeChanges.between(path, ours, r.merged()));
            if (r.merged() instanceof Map<?, ?> m) {
                Map<String, Object> doc = PackageDef.cast(m);
                documents.add(doc);
                merged.put(id, doc);
                names.putIfAbsent(id, (String) doc.get("name"));
            } else if (ours != Trees.ABSENT) {
                remove.add(names.get(id));
            }
        }
        refuseDuplicateFieldNames(merged);
        return new Plan(documents, remove, conflicts, removals, changes, merged, names);
    }

    /** A package entity may not take the name of an entity the organisation (or another package) has. */
    private static void refuseTakenNames(MetadataSnapshot live, Contributions was, Contributions will) {
        List<String> problems = new ArrayList<>();
        for (var e : will.entities.entrySet()) {
            if (was.entities.containsKey(e.getKey())) continue;
            String name = (String) e.getValue().get("name");
            EntityDef sameName = live.entity(name).orElse(null);
            if (sameName != null && !sameName.id().equals(e.getKey())) {
                String owner = was.owners.get(sameName.id());
                problems.add("the entity name \"" + name + "\" is taken by "
                        + (owner == null ? "this organisation's own entity" : "package " + owner)
                        + " (" + sameName.id() + "); package " + will.owners.get(e.getKey())
                        + " cannot add its own. Rename or remove the existing entity first");
            }
        }
        if (!problems.isEmpty()) throw new PackageException(String.join("; ", problems));
    }

    /** A package field whose name an organisation's own field already uses: the organisation renames first. */
    private static void refuseDuplicateFieldNames(Map<String, Map<String, Object>> merged) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> e : merged.values()) {
            Map<String, Object> seen = new LinkedHashMap<>();
            for (Map<String, Object> f : PackageDef.list(e.get("fields"))) {
                Object earlier = seen.put((String) f.get("name"), f);
                if (earlier != null) {
                    problems.add(e.get("name") + " would have two fields named \"" + f.get("name") + "\" ("
                            + PackageDef.cast(earlier).get("id") + " and " + f.get("id") + "): rename the"
                            + " organisation's own field first");
                }
            }
        }
        if (!problems.isEmpty()) throw new PackageException(String.join("; ", problems));
    }
}
