package dev.atrium.operator;

import dev.atrium.auth.AuthService;
import dev.atrium.db.Tx;
import dev.atrium.deploy.DeploymentService;
import dev.atrium.internal.ApiProblem;
import dev.atrium.packages.PackageService;
import dev.atrium.tenant.Tenant;
import dev.atrium.tenant.TenantService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.UUID;

/**
 * Organisations as a platform operator sees them: created with their first administrator and their
 * packages in ONE transaction (a package that cannot install leaves no organisation behind), and listed
 * with their packages and versions. The operator is not an administrator of the organisations.
 */
public final class OperatorTenants {
    /** A package to install with a new organisation. */
    public record PackageChoice(String id, String version, boolean sampleData) {}

    /** The first administrator. */
    public record FirstAdmin(String email, String displayName, String password) {}

    private final Pool pool;
    private final TenantService tenants;
    private final AuthService auth;
    private final PackageService packages;
    private final DeploymentService deployments;

    public OperatorTenants(
            Pool pool,
            TenantService tenants,
            AuthService auth,
            PackageService packages,
            DeploymentService deployments) {
        this.pool = pool;
        this.tenants = tenants;
        this.auth = auth;
        this.packages = packages;
        this.deployments = deployments;
    }

    public JsonObject create(String slug, String name, FirstAdmin admin, List<PackageChoice> choices, UUID operator) {
        JsonArray installed = new JsonArray();
        Tenant t;
        try {
            t = Tx.run(pool, conn -> {
                Tenant created = tenants.create(conn, slug, name);
                UUID adminId =
                        auth.createUser(conn, created, admin.email(), admin.displayName(), admin.password(), true);
                for (PackageChoice c : choices) {
                    var req = new PackageService.Request(
                            c.id(), c.version(), null, false, null, null, c.sampleData(), adminId);
                    JsonObject result = packages.runIn(conn, created, PackageService.Action.INSTALL, req);
                    installed.add(result.getJsonObject("package"));
                }
                dev.atrium.audit.AuditLog.append(
                        conn,
                        created.id(),
                        operator,
                        null,
                        null,
                        "tenant",
                        null,
                        null,
                        new JsonObject().put("created", slug).put("packages", installed.copy()));
                return created;
            });
        } catch (IllegalArgumentException e) {
            throw ApiProblem.conflict("tenant-refused", e.getMessage());
        }
        if (!choices.isEmpty()) deployments.committed(t);
        return new JsonObject()
                .put("id", t.id().toString())
                .put("slug", t.slug())
                .put("name", t.name())
                .put("admin", admin.email())
                .put("packages", installed);
    }

    /** Every organisation with its users and installed packages. */
    public JsonArray list() {
        JsonArray out = new JsonArray();
        for (Row r : pool.query("SELECT t.id, t.slug, t.name, t.created_at,"
                        + " (SELECT count(*) FROM atrium.users u WHERE u.tenant_id = t.id) AS users,"
                        + " (SELECT coalesce(json_agg(json_build_object('id', p.package_id, 'version', p.version)"
                        + " ORDER BY p.installed_at), '[]'::json) FROM atrium.tenant_packages p"
                        + " WHERE p.tenant_id = t.id) AS packages FROM atrium.tenants t ORDER BY t.slug")
                .execute()
                .await()) {
            out.add(new JsonObject()
                    .put("id", r.getUUID("id").toString())
                    .put("slug", r.getString("slug"))
                    .put("name", r.getString("name"))
                    .put(
                            "createdAt",
                            r.getOffsetDateTime("created_at") == null
                                    ? null
                                    : r.getOffsetDateTime("created_at").toString())
                    .put("users", r.getLong("users"))
                    .put("packages", new JsonArray(r.getValue("packages").toString())));
        }
        return out;
    }
}
