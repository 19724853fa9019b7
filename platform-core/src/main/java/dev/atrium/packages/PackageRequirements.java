package dev.atrium.packages;

import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageException;
import dev.atrium.metadata.packages.Versions;
import dev.atrium.tenant.Tenant;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * What must hold before a package operation: the platform version in the package's range, the packages
 * it requires installed in versions their ranges accept, its plugins enabled for the organisation, and
 * no installed package left without what it requires (on upgrade and uninstall).
 */
public final class PackageRequirements {
    private final String platformVersion;
    private final BiFunction<UUID, String, String> enabledPluginVersion;

    /** @param enabledPluginVersion the version of a plugin enabled for a tenant, or null when it is not */
    public PackageRequirements(String platformVersion, BiFunction<UUID, String, String> enabledPluginVersion) {
        this.platformVersion = platformVersion;
        this.enabledPluginVersion = enabledPluginVersion;
    }

    void check(
            SqlConnection conn,
            Tenant tenant,
            PackageService.Action action,
            String id,
            PackageDef target,
            List<PackageDef> installed) {
        if (target != null) {
            if (!Versions.satisfies(platformVersion, target.platformRange())) {
                throw new PackageException(id + " " + target.version() + " needs platform " + target.platformRange()
                        + "; this is " + platformVersion);
            }
            for (Map.Entry<String, String> r : target.requiredPackages().entrySet()) {
                PackageDef have = find(installed, r.getKey());
                if (have == null) {
                    throw new PackageException(
                            id + " requires package " + r.getKey() + " " + r.getValue() + "; install it first");
                }
                if (!Versions.satisfies(have.version(), r.getValue())) {
                    throw new PackageException(id + " requires " + r.getKey() + " " + r.getValue() + "; "
                            + have.version() + " is installed: upgrade it first");
                }
            }
            for (Map.Entry<String, String> r : target.requiredPlugins().entrySet()) {
                String version = enabledPluginVersion.apply(tenant.id(), r.getKey());
                if (version == null || !Versions.satisfies(version, r.getValue())) {
                    throw new PackageException(id + " requires the plugin " + r.getKey() + " " + r.getValue()
                            + (version == null
                                    ? ", which is not enabled for this organisation"
                                    : "; " + version + " is enabled"));
                }
            }
        }
        if (action == PackageService.Action.INSTALL) return;
        for (PackageDef other : installed) {
            String range = other.requiredPackages().get(id);
            if (range == null) continue;
            if (target == null) {
                throw new PackageException(other.id() + " requires " + id + "; uninstall " + other.id() + " first");
            }
            if (!Versions.satisfies(target.version(), range)) {
                throw new PackageException(other.id() + " requires " + id + " " + range + ", which " + target.version()
                        + " is not; upgrade " + other.id() + " first or choose another version");
            }
        }
    }

    private static PackageDef find(List<PackageDef> installed, String id) {
        for (PackageDef p : installed) if (p.id().equals(id)) return p;
        return null;
    }
}
