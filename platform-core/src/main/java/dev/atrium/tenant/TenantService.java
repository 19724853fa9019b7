package dev.atrium.tenant;

import dev.atrium.db.Tx;
import dev.atrium.internal.Ids;
import dev.atrium.metadata.sql.Sql;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Creates and finds tenants. Methods await: call them from a virtual thread. */
public final class TenantService {
    private static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9_]{1,39}$");

    private final Pool pool;
    private final Map<UUID, Tenant> byId = new ConcurrentHashMap<>();

    public TenantService(Pool pool) {
        this.pool = pool;
    }

    /** Creates the tenant and its schema in one transaction. */
    public Tenant create(String slug, String name) {
        return Tx.run(pool, conn -> create(conn, slug, name));
    }

    /** Creates the tenant and its schema in the caller's transaction (with more to do in it). */
    public Tenant create(io.vertx.sqlclient.SqlConnection conn, String slug, String name) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException(
                    "tenant slug must be 2-40 lower case letters, digits or _ and start with a letter");
        }
        Tenant t = new Tenant(Ids.next(), slug, name == null || name.isBlank() ? slug : name, "t_" + slug);
        if (conn.preparedQuery("SELECT 1 FROM atrium.tenants WHERE slug = $1")
                        .execute(Tuple.of(slug))
                        .await()
                        .size()
                > 0) {
            throw new IllegalArgumentException("tenant \"" + slug + "\" already exists");
        }
        conn.preparedQuery("INSERT INTO atrium.tenants (id, slug, name, schema_name) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(t.id(), t.slug(), t.name(), t.schema()))
                .await();
        conn.query("CREATE SCHEMA " + Sql.ident(t.schema())).execute().await();
        return t;
    }

    public Optional<Tenant> bySlug(String slug) {
        for (Row r : pool.preparedQuery("SELECT id, slug, name, schema_name FROM atrium.tenants WHERE slug = $1")
                .execute(Tuple.of(slug))
                .await()) {
            return Optional.of(cache(r));
        }
        return Optional.empty();
    }

    public Tenant byId(UUID id) {
        Tenant t = byId.get(id);
        if (t != null) return t;
        for (Row r : pool.preparedQuery("SELECT id, slug, name, schema_name FROM atrium.tenants WHERE id = $1")
                .execute(Tuple.of(id))
                .await()) {
            return cache(r);
        }
        throw new IllegalStateException("no tenant " + id);
    }

    /**
     * Deletes an organisation and everything in its schema, in one transaction: for throwaway ones (package
     * tests). Its audit entries stay, as audit entries always do.
     */
    public void drop(Tenant t) {
        Tx.run(pool, conn -> {
            conn.query("DROP SCHEMA IF EXISTS " + Sql.ident(t.schema()) + " CASCADE")
                    .execute()
                    .await();
            conn.preparedQuery("DELETE FROM atrium.tenants WHERE id = $1")
                    .execute(Tuple.of(t.id()))
                    .await();
            return null;
        });
        byId.remove(t.id());
    }

    /** Every organisation, by slug. */
    public java.util.List<Tenant> all() {
        java.util.List<Tenant> out = new java.util.ArrayList<>();
        for (Row r : pool.query("SELECT id, slug, name, schema_name FROM atrium.tenants ORDER BY slug")
                .execute()
                .await()) {
            out.add(cache(r));
        }
        return out;
    }

    private Tenant cache(Row r) {
        Tenant t = new Tenant(r.getUUID("id"), r.getString("slug"), r.getString("name"), r.getString("schema_name"));
        byId.put(t.id(), t);
        return t;
    }
}
