package dev.atrium.cli;

import dev.atrium.Platform;
import dev.atrium.tenant.Tenant;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The organisations that have a package installed, for {@code --all-tenants}. */
final class PackageTenants {
    private PackageTenants() {}

    static List<Tenant> having(Platform platform, String packageId) {
        List<Tenant> out = new ArrayList<>();
        for (Row r : platform.pool()
                .preparedQuery(
                        "SELECT tenant_id FROM atrium.tenant_packages WHERE package_id = $1 ORDER BY installed_at")
                .execute(Tuple.of(packageId))
                .await()) {
            out.add(platform.tenants().byId(r.getUUID("tenant_id")));
        }
        return out;
    }
}
