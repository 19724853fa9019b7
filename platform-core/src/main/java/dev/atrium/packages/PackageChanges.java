package dev.atrium.packages;

import dev.atrium.deploy.MetadataChanges;
import io.vertx.core.json.JsonArray;

/** A package plan's changes to the live metadata, in the form every deployment plan lists them. */
final class PackageChanges {
    private PackageChanges() {}

    static JsonArray json(PackagePlanner.Plan plan) {
        return MetadataChanges.json(plan.changes(), plan.names());
    }
}
