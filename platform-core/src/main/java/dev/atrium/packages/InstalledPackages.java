package dev.atrium.packages;

import dev.atrium.metadata.packages.PackageDef;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An organisation's installed packages, each with the content it was installed from ({@code tenant_packages}). */
final class InstalledPackages {
    private InstalledPackages() {}

    /** One installation: the package as installed, and when. */
    record Installed(PackageDef pkg, String installedAt, String upgradedAt) {}

    /** The tenant's packages, each after the packages it requires. */
    static Map<String, Installed> of(SqlClient db, UUID tenant) {
        Map<String, Installed> found = new LinkedHashMap<>();
        for (Row r : db.preparedQuery(
                        "SELECT package_id, content, installed_at, upgraded_at FROM atrium.tenant_packages"
                                + " WHERE tenant_id = $1 ORDER BY installed_at, package_id")
                .execute(Tuple.of(tenant))
                .await()) {
            found.put(
                    r.getString("package_id"),
                    new Installed(
                            PackageDef.fromJson(r.getJsonObject("content").encode()),
                            r.getOffsetDateTime("installed_at").toString(),
                            r.getOffsetDateTime("upgraded_at") == null
                                    ? null
                                    : r.getOffsetDateTime("upgraded_at").toString()));
        }
        return ordered(found);
    }

    /** The packages alone, in dependency order. */
    static List<PackageDef> defs(Map<String, Installed> installed) {
        return installed.values().stream().map(Installed::pkg).toList();
    }

    /** Orders packages so each comes after what it requires (unknown requirements are ignored here). */
    static <T> Map<String, T> ordered(Map<String, T> byId) {
        Map<String, T> out = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>(byId.keySet());
        while (!pending.isEmpty()) {
            boolean progressed = false;
            for (String id : List.copyOf(pending)) {
                PackageDef p = def(byId.get(id));
                boolean ready = p.requiredPackages().keySet().stream()
                        .allMatch(r -> out.containsKey(r) || !byId.containsKey(r));
                if (ready) {
                    out.put(id, byId.get(id));
                    pending.remove(id);
                    progressed = true;
                }
            }
            if (!progressed) {
                for (String id : pending) out.put(id, byId.get(id));
                break;
            }
        }
        return out;
    }

    private static PackageDef def(Object o) {
        return o instanceof Installed i ? i.pkg() : (PackageDef) o;
    }

    static void save(SqlClient db, UUID tenant, PackageDef p, UUID actor, boolean upgrade) {
        db.preparedQuery("INSERT INTO atrium.tenant_packages (tenant_id, package_id, version, content, installed_by)"
                        + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, package_id) DO UPDATE SET"
                        + " version = EXCLUDED.version, content = EXCLUDED.content,"
                        + " upgraded_at = " + (upgrade ? "now()" : "atrium.tenant_packages.upgraded_at"))
                .execute(Tuple.of(tenant, p.id(), p.version(), new JsonObject(p.toJson()), actor))
                .await();
    }

    static void remove(SqlClient db, UUID tenant, String packageId) {
        db.preparedQuery("DELETE FROM atrium.tenant_packages WHERE tenant_id = $1 AND package_id = $2")
                .execute(Tuple.of(tenant, packageId))
                .await();
    }
}
