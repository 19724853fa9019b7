package dev.atrium.tenant;

import dev.atrium.auth.AuthService;
import dev.atrium.auth.PasswordHasher;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Ids;
import dev.atrium.metadata.sql.Sql;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * First-run setup of a fresh installation: the first organisation and its first administrator (who is
 * also the installation's first platform operator), in one
 * transaction under a global advisory lock, so concurrent attempts create exactly one. Once any
 * organisation exists the endpoint answers 409 for good. Awaits: virtual threads only.
 */
public final class SetupService {
    private final Pool pool;

    public SetupService(Pool pool) {
        this.pool = pool;
    }

    public boolean needed() {
        return pool.query("SELECT count(*) FROM atrium.tenants")
                        .execute()
                        .await()
                        .iterator()
                        .next()
                        .getLong(0)
                == 0;
    }

    public JsonObject setup(dev.atrium.internal.Body body) {
        String slug = body.string("tenant");
        if (slug == null || !slug.matches("^[a-z][a-z0-9_]{1,39}$")) {
            throw ApiProblem.invalidField(
                    "/tenant", "tenant must be 2-40 lower case letters, digits or _ and start with a letter");
        }
        String email = body.string("email");
        if (email == null || !email.matches("^[^@\\s]+@[^@\\s]+$"))
            throw ApiProblem.invalidField("/email", "email must be an email address");
        AuthService.checkPassword(body.string("password"));
        String hash = PasswordHasher.hash(body.string("password"));
        UUID tenant = Ids.next();
        UUID user = Ids.next();
        return Tx.run(pool, conn -> {
            conn.query("SELECT pg_advisory_xact_lock(7240013)").execute().await();
            if (conn.query("SELECT count(*) FROM atrium.tenants")
                            .execute()
                            .await()
                            .iterator()
                            .next()
                            .getLong(0)
                    > 0) {
                throw ApiProblem.conflict("already-set-up", "this installation is already set up; sign in instead");
            }
            conn.preparedQuery("INSERT INTO atrium.tenants (id, slug, name, schema_name) VALUES ($1, $2, $3, $4)")
                    .execute(Tuple.of(tenant, slug, body.string("name", slug), "t_" + slug))
                    .await();
            conn.query("CREATE SCHEMA " + Sql.ident("t_" + slug)).execute().await();
            conn.preparedQuery("INSERT INTO atrium.users (id, tenant_id, email, display_name, password_hash, "
                            + "is_admin, is_operator)"
                            + " VALUES ($1, $2, $3, $4, $5, true, true)")
                    .execute(Tuple.of(user, tenant, email.toLowerCase(), body.string("displayName", email), hash))
                    .await();
            return new JsonObject().put("tenant", slug).put("admin", user.toString());
        });
    }
}
