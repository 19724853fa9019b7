package dev.atrium.packages;

import dev.atrium.deploy.DeploymentService;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataStore;
import dev.atrium.metadata.merge.TreeChanges;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.packages.Contributions;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageReader;
import dev.atrium.metadata.packages.Versions;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the Packages page shows: the catalog beside the organisation's installations, and its changes. */
final class PackageListing {
    private final PackageCatalog catalog;
    private final DeploymentService deployments;

    PackageListing(PackageCatalog catalog, DeploymentService deployments) {
        this.catalog = catalog;
        this.deployments = deployments;
    }

    JsonArray list(Tenant tenant) {
        Map<String, InstalledPackages.Installed> installed = installed(tenant);
        Map<String, List<PackageDef>> all = new LinkedHashMap<>(catalog.all());
        for (var i : installed.values()) all.putIfAbsent(i.pkg().id(), List.of(i.pkg()));
        JsonArray out = new JsonArray();
        for (var e : all.entrySet()) out.add(entry(e.getKey(), e.getValue(), installed.get(e.getKey())));
        return out;
    }

    JsonObject describe(Tenant tenant, String id) {
        Map<String, InstalledPackages.Installed> installed = installed(tenant);
        List<PackageDef> versions = catalog.all().getOrDefault(id, new ArrayList<>());
        InstalledPackages.Installed mine = installed.get(id);
        if (versions.isEmpty() && mine == null) throw ApiProblem.notFound("there is no package \"" + id + "\"");
        if (versions.isEmpty()) versions = List.of(mine.pkg());
        PackageDef shown = mine != null ? mine.pkg() : versions.get(versions.size() - 1);
        JsonObject out = entry(id, versions, mine);
        JsonArray entities = new JsonArray();
        shown.entities().forEach(e -> entities.add(e.get("name")));
        JsonArray extended = new JsonArray();
        shown.extensions().forEach(x -> extended.add(x.get("entity")));
        out.put("readme", shown.readme())
                .put(
                        "requires",
                        new JsonObject()
                                .put("platform", shown.platformRange())
                                .put("packages", new JsonObject(new LinkedHashMap<>(shown.requiredPackages())))
                                .put("plugins", new JsonObject(new LinkedHashMap<>(shown.requiredPlugins()))))
                .put("entities", entities)
                .put("extends", extended)
                .put("sampleData", !shown.data().isEmpty());
        if (mine != null) out.put("customizations", customizations(tenant, id).size());
        return out;
    }

    JsonArray customizations(Tenant tenant, String id) {
        Map<String, InstalledPackages.Installed> installed = installed(tenant);
        if (!installed.containsKey(id)) throw ApiProblem.notFound(id + " is not installed");
        Contributions layer = Contributions.of(InstalledPackages.defs(installed));
        MetadataSnapshot live = MetadataStore.latest(deployments.pool(), tenant.id());
        JsonArray out = new JsonArray();
        for (var e : layer.entities.entrySet()) {
            EntityDef now = live.entityById(e.getKey()).orElse(null);
            Object ours = now == null ? dev.atrium.metadata.merge.Trees.ABSENT : PackageReader.canonical(now);
            for (TreeChanges.Difference d : TreeChanges.between("/entities/" + e.getKey(), e.getValue(), ours)) {
                if (!id.equals(owner(layer, d.path()))) continue;
                out.add(new JsonObject()
                        .put("path", d.path())
                        .put("entity", e.getValue().get("name"))
                        .put("kind", d.kind())
                        .put("package", json(d.before()))
                        .put("tenant", json(d.after())));
            }
        }
        return out;
    }

    /** The package that owns the element at a path: the closest owned element above it, else the entity's. */
    private static String owner(Contributions layer, String path) {
        String key = path.substring("/entities/".length());
        String best = null;
        int bestLength = -1;
        for (var o : layer.owners.entrySet()) {
            String k = o.getKey();
            boolean above =
                    key.equals(k) || key.startsWith(k + "/") || key.startsWith(k + "[") || key.startsWith(k + "#");
            if (above && k.length() > bestLength) {
                best = o.getValue();
                bestLength = k.length();
            }
        }
        return best;
    }

    private JsonObject entry(String id, List<PackageDef> versions, InstalledPackages.Installed mine) {
        PackageDef newest = versions.get(versions.size() - 1);
        PackageDef shown = mine != null ? mine.pkg() : newest;
        JsonArray vs = new JsonArray();
        versions.forEach(v -> vs.add(v.version()));
        JsonObject out = new JsonObject()
                .put("id", id)
                .put("label", new JsonObject(new LinkedHashMap<>(shown.label())))
                .put("description", new JsonObject(new LinkedHashMap<>(shown.description())))
                .put("versions", vs)
                .put("newest", newest.version());
        if (mine != null) {
            out.put(
                    "installed",
                    new JsonObject()
                            .put("version", mine.pkg().version())
                            .put("installedAt", mine.installedAt())
                            .put("upgradedAt", mine.upgradedAt()));
            out.put(
                    "upgradeAvailable",
                    Versions.compare(newest.version(), mine.pkg().version()) > 0);
        }
        return out;
    }

    private Map<String, InstalledPackages.Installed> installed(Tenant tenant) {
        return InstalledPackages.of(deployments.pool(), tenant.id());
    }

    private static Object json(Object v) {
        if (v == dev.atrium.metadata.merge.Trees.ABSENT) return null;
        if (v instanceof Map<?, ?> m) return new JsonObject(PackageDef.cast(m));
        if (v instanceof List<?> l) return new JsonArray(new ArrayList<>(l));
        return v;
    }
}
