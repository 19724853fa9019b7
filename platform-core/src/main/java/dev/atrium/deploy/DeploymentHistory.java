package dev.atrium.deploy;

import dev.atrium.internal.ApiProblem;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** The deployed metadata versions of a tenant, newest first, and what each one changed. */
public final class DeploymentHistory {
    private final Pool pool;

    public DeploymentHistory(Pool pool) {
        this.pool = pool;
    }

    public JsonArray list(Tenant tenant) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery("SELECT version, checksum, plan, deployed_by, deployed_at, package_id,"
                        + " package_version, package_action"
                        + " FROM atrium.metadata_versions WHERE tenant_id = $1 ORDER BY version DESC")
                .execute(Tuple.of(tenant.id()))
                .await()) {
            java.util.UUID by = r.getUUID("deployed_by");
            out.add(new JsonObject()
                    .put("version", r.getLong("version"))
                    .put("checksum", r.getString("checksum"))
                    .put("changes", r.getJsonArray("plan"))
                    .put("deployedBy", by == null ? null : by.toString())
                    .put("deployedAt", r.getOffsetDateTime("deployed_at").toString())
                    .put("package", origin(r)));
        }
        return out;
    }

    /** The package operation that produced a version ({@code id}, {@code version}, {@code action}), or null. */
    private static JsonObject origin(Row r) {
        if (r.getString("package_id") == null) return null;
        return new JsonObject()
                .put("id", r.getString("package_id"))
                .put("version", r.getString("package_version"))
                .put("action", r.getString("package_action"));
    }

    public JsonObject version(Tenant tenant, long version) {
        for (Row r : pool.preparedQuery("SELECT version, plan, statements, documents, deployed_at, package_id,"
                        + " package_version, package_action"
                        + " FROM atrium.metadata_versions WHERE tenant_id = $1 AND version = $2")
                .execute(Tuple.of(tenant.id(), version))
                .await()) {
            return new JsonObject()
                    .put("version", r.getLong("version"))
                    .put("changes", r.getJsonArray("plan"))
                    .put("statements", r.getJsonArray("statements"))
                    .put("entities", r.getJsonArray("documents"))
                    .put("deployedAt", r.getOffsetDateTime("deployed_at").toString())
                    .put("package", origin(r));
        }
        throw ApiProblem.notFound("there is no metadata version " + version);
    }
}
