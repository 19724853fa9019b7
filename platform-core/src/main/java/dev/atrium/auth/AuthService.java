package dev.atrium.auth;

import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Ids;
import dev.atrium.tenant.Tenant;
import dev.atrium.tenant.TenantService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Users, password login, sessions and API tokens. Session and API tokens are random 256-bit values
 * stored only as SHA-256 hashes, looked up on every request, so deleting a session or revoking a
 * token takes effect at once. Methods await: virtual threads only.
 */
public final class AuthService {
    public static final Duration SESSION_TTL = Duration.ofHours(12);
    public static final int MIN_PASSWORD = 10;
    public static final int MAX_FAILURES = 5;
    public static final Duration LOCK_TIME = Duration.ofMinutes(15);
    private static final String DUMMY_HASH = PasswordHasher.hash("timing-equaliser-" + UUID.randomUUID());
    private static final String PRINCIPAL_COLUMNS =
            "u.id, u.tenant_id, u.email, u.display_name, u.is_admin, u.locale, u.is_operator";

    private final Pool pool;
    private final TenantService tenants;
    private final CredentialCache cache = new CredentialCache();
    private final LoginThrottle throttle = new LoginThrottle();

    public AuthService(Pool pool, TenantService tenants) {
        this.pool = pool;
        this.tenants = tenants;
    }

    public record Session(String token, String csrfToken, Principal principal) {}

    public UUID createUser(Tenant tenant, String email, String displayName, String password, boolean admin) {
        return createUser(pool, tenant, email, displayName, password, admin);
    }

    /** The same on the caller's connection (inside its transaction). */
    public UUID createUser(
            io.vertx.sqlclient.SqlClient db,
            Tenant tenant,
            String email,
            String displayName,
            String password,
            boolean admin) {
        checkPassword(password);
        if (email == null || !email.matches("^[^@\\s]+@[^@\\s]+$") || email.length() > 254)
            throw ApiProblem.invalidField("/email", "email must be an email address");
        UUID id = Ids.next();
        try {
            db.preparedQuery("INSERT INTO atrium.users (id, tenant_id, email, display_name, password_hash, is_admin)"
                            + " VALUES ($1, $2, $3, $4, $5, $6)")
                    .execute(Tuple.of(
                            id,
                            tenant.id(),
                            email.toLowerCase(),
                            displayName == null ? email : displayName,
                            PasswordHasher.hash(password),
                            admin))
                    .await();
        } catch (PgException e) {
            if ("23505".equals(e.getSqlState()))
                throw ApiProblem.conflict(
                        "duplicate", "a user with email " + email + " already exists in " + tenant.slug());
            throw e;
        }
        return id;
    }

    /** Password policy: 10 to 200 characters, not all one character, not a well-known weak password. */
    public static void checkPassword(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            throw ApiProblem.invalidField(
                    "/password", "password must be at least " + MIN_PASSWORD + " characters long");
        }
        if (password.length() > 200)
            throw ApiProblem.invalidField("/password", "password must be at most 200 characters long");
        if (password.chars().distinct().count() < 4)
            throw ApiProblem.invalidField("/password", "password needs at least 4 different characters");
        String lower = password.toLowerCase();
        for (String weak : new String[] {"password", "1234567890", "qwertyuiop", "letmein", "welcome"}) {
            if (lower.contains(weak))
                throw ApiProblem.invalidField(
                        "/password", "password must not contain a well-known weak password such as \"" + weak + "\"");
        }
    }

    /** Checks the password and opens a session; the same 401 whether the user or the password is wrong. */
    /**
     * Checks the password and opens a session; the same 401 whether the user or the password is wrong.
     * After {@value #MAX_FAILURES} consecutive failures the account is locked for
     * {@link #LOCK_TIME}; {@code ip} is throttled separately ({@link LoginThrottle}).
     */
    public Session login(String tenantSlug, String email, String password, String ip, String userAgent) {
        if (email == null || password == null)
            throw ApiProblem.invalidField(email == null ? "/email" : "/password", "email and password are required");
        throttle.check(ip);
        Row user = null;
        String sql = "SELECT " + PRINCIPAL_COLUMNS
                + ", u.password_hash, u.active FROM atrium.users u JOIN atrium.tenants t ON t.id = "
                + "u.tenant_id WHERE u.email = $1"
                + (tenantSlug == null ? "" : " AND t.slug = $2");
        RowSet<Row> rows = pool.preparedQuery(sql)
                .execute(tenantSlug == null ? Tuple.of(email.toLowerCase()) : Tuple.of(email.toLowerCase(), tenantSlug))
                .await();
        if (rows.size() == 1) user = rows.iterator().next();
        io.vertx.core.buffer.Buffer lockKey =
                tokenHash((tenantSlug == null ? "*" : tenantSlug) + "\n" + email.toLowerCase());
        for (Row lock : pool.preparedQuery(
                        "SELECT locked_until FROM atrium.login_locks WHERE key_hash = $1 AND locked_until > now()")
                .execute(Tuple.of(lockKey))
                .await()) {
            throttle.failed(ip);
            throw new ApiProblem(
                    423,
                    "account-locked",
                    "Account locked",
                    "too many failed logins: this account is locked until "
                            + lock.getOffsetDateTime("locked_until").withNano(0)
                            + " (UTC); try again then or ask an administrator",
                    null,
                    null);
        }
        boolean ok = PasswordHasher.verify(
                password,
                user == null || user.getString("password_hash") == null ? DUMMY_HASH : user.getString("password_hash"));
        if (user == null || !ok || !user.getBoolean("active")) {
            throttle.failed(ip);
            if (user != null) {
                dev.atrium.audit.AuditLog.append(
                        pool,
                        user.getUUID("tenant_id"),
                        user.getUUID("id"),
                        ip,
                        userAgent,
                        "login_failed",
                        null,
                        null,
                        null);
            }
            pool.preparedQuery("INSERT INTO atrium.login_locks (key_hash, failures) VALUES ($1, 1)"
                            + " ON CONFLICT (key_hash) DO UPDATE SET failures = atrium.login_locks.failures + 1,"
                            + " locked_until = CASE WHEN atrium.login_locks.failures + 1 >= $2"
                            + " THEN now() + $3 * interval '1 second' END, updated_at = now()")
                    .execute(Tuple.of(lockKey, MAX_FAILURES, (int) LOCK_TIME.toSeconds()))
                    .await();
            throw ApiProblem.unauthorized(
                    rows.size() > 1
                            ? "this email exists in several organisations; give \"tenant\" too"
                            : "email or password is wrong");
        }
        pool.preparedQuery("DELETE FROM atrium.login_locks WHERE key_hash = $1")
                .execute(Tuple.of(lockKey))
                .await();
        dev.atrium.audit.AuditLog.append(
                pool, user.getUUID("tenant_id"), user.getUUID("id"), ip, userAgent, "login", null, null, null);
        String token = Ids.randomToken(32);
        String csrf = Ids.randomToken(24);
        pool.preparedQuery("INSERT INTO atrium.sessions (token_hash, user_id, csrf_token, expires_at) VALUES "
                        + "($1, $2, $3, $4)")
                .execute(Tuple.of(
                        tokenHash(token),
                        user.getUUID("id"),
                        csrf,
                        OffsetDateTime.now().plus(SESSION_TTL)))
                .await();
        return new Session(token, csrf, principal(user, csrf));
    }

    /** Changes the caller's password; every session and API token of the user stops working at once. */
    public void changePassword(Principal p, String current, String next) {
        checkPassword(next);
        Row r = pool.preparedQuery("SELECT password_hash FROM atrium.users WHERE id = $1")
                .execute(Tuple.of(p.userId()))
                .await()
                .iterator()
                .next();
        if (current == null || !PasswordHasher.verify(current, r.getString("password_hash"))) {
            throw ApiProblem.invalidField("/current", "the current password is wrong");
        }
        dev.atrium.db.Tx.run(pool, conn -> {
            conn.preparedQuery("UPDATE atrium.users SET password_hash = $2 WHERE id = $1")
                    .execute(Tuple.of(p.userId(), PasswordHasher.hash(next)))
                    .await();
            revokeAll(conn, p.userId());
            return null;
        });
    }

    /** Activates or deactivates a user; deactivation ends their sessions and tokens at once. */
    public void setActive(io.vertx.sqlclient.SqlClient conn, UUID user, boolean active) {
        conn.preparedQuery("UPDATE atrium.users SET active = $2 WHERE id = $1")
                .execute(Tuple.of(user, active))
                .await();
        if (!active) revokeAll(conn, user);
    }

    private void revokeAll(io.vertx.sqlclient.SqlClient conn, UUID user) {
        conn.preparedQuery("DELETE FROM atrium.sessions WHERE user_id = $1")
                .execute(Tuple.of(user))
                .await();
        conn.preparedQuery("UPDATE atrium.api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(user))
                .await();
        credentialsChanged(conn, user);
    }

    public Principal bySession(String token) {
        String key = "s:" + java.util.HexFormat.of().formatHex(sha256(token));
        Principal cached = cache.get(key);
        if (cached != null) return cached;
        for (Row r : pool.preparedQuery("SELECT " + PRINCIPAL_COLUMNS
                        + ", s.csrf_token, s.expires_at FROM atrium.sessions s JOIN atrium.users u ON u.id = s.user_id "
                        + "WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active")
                .execute(Tuple.of(tokenHash(token)))
                .await()) {
            Principal p = principal(r, r.getString("csrf_token"));
            long left = java.time.Duration.between(OffsetDateTime.now(), r.getOffsetDateTime("expires_at"))
                    .toNanos();
            cache.put(key, p, System.nanoTime() + left);
            return p;
        }
        return null;
    }

    public Principal byApiToken(String token) {
        String key = "t:" + java.util.HexFormat.of().formatHex(sha256(token));
        Principal cached = cache.get(key);
        if (cached != null) return cached;
        for (Row r : pool.preparedQuery("SELECT " + PRINCIPAL_COLUMNS
                        + " FROM atrium.api_tokens k JOIN atrium.users u ON u.id = k.user_id "
                        + "WHERE k.token_hash = $1 AND k.revoked_at IS NULL AND u.active")
                .execute(Tuple.of(tokenHash(token)))
                .await()) {
            Principal p = principal(r, null);
            cache.put(key, p, Long.MAX_VALUE);
            return p;
        }
        return null;
    }

    /** An active user of the tenant as a principal (for explain and run-as), or null. */
    public Principal principalOf(UUID userId, UUID tenantId) {
        for (Row r : pool.preparedQuery("SELECT " + PRINCIPAL_COLUMNS
                        + " FROM atrium.users u WHERE u.id = $1 AND u.tenant_id = $2 AND u.active")
                .execute(Tuple.of(userId, tenantId))
                .await()) {
            return principal(r, null);
        }
        return null;
    }

    /** Listens for credential changes made on other nodes. */
    public void listen(dev.atrium.db.Notifications notifications) {
        notifications.on(CredentialCache.CHANNEL, payload -> cache.evictUser(UUID.fromString(payload)));
        notifications.onReconnect(cache::clear);
    }

    /** Forgets every cached credential of the user here and, when the transaction commits, on every node. */
    public void credentialsChanged(io.vertx.sqlclient.SqlClient db, UUID userId) {
        cache.evictUser(userId);
        db.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(CredentialCache.CHANNEL, userId.toString()))
                .await();
    }

    public void logout(String token) {
        for (Row r : pool.preparedQuery(
                        "DELETE FROM atrium.sessions s USING atrium.users u WHERE s.token_hash = $1 AND u.id "
                                + "= s.user_id RETURNING s.user_id, u.tenant_id")
                .execute(Tuple.of(tokenHash(token)))
                .await()) {
            credentialsChanged(pool, r.getUUID("user_id"));
            dev.atrium.audit.AuditLog.append(
                    pool, r.getUUID("tenant_id"), r.getUUID("user_id"), null, null, "logout", null, null, null);
        }
    }

    /** Creates an API token; the plain value is returned only here. */
    public JsonObject createToken(Principal p, String name) {
        String token = "atr_" + Ids.randomToken(32);
        UUID id = Ids.next();
        pool.preparedQuery("INSERT INTO atrium.api_tokens (id, user_id, name, token_hash) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(id, p.userId(), name == null || name.isBlank() ? "token" : name, tokenHash(token)))
                .await();
        return new JsonObject().put("id", id.toString()).put("name", name).put("token", token);
    }

    public JsonArray tokens(Principal p) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery(
                        "SELECT id, name, created_at, revoked_at FROM atrium.api_tokens WHERE user_id = $1 "
                                + "ORDER BY created_at")
                .execute(Tuple.of(p.userId()))
                .await()) {
            out.add(new JsonObject()
                    .put("id", r.getUUID("id").toString())
                    .put("name", r.getString("name"))
                    .put("createdAt", r.getOffsetDateTime("created_at").toString())
                    .put(
                            "revokedAt",
                            r.getOffsetDateTime("revoked_at") == null
                                    ? null
                                    : r.getOffsetDateTime("revoked_at").toString()));
        }
        return out;
    }

    public void revokeToken(Principal p, UUID id) {
        RowSet<Row> r = pool.preparedQuery(
                        "UPDATE atrium.api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND "
                                + "revoked_at IS NULL")
                .execute(Tuple.of(id, p.userId()))
                .await();
        if (r.rowCount() == 0) throw ApiProblem.notFound("no active token " + id);
        credentialsChanged(pool, p.userId());
    }

    private static Principal principal(Row r, String csrf) {
        return new Principal(
                r.getUUID("id"),
                r.getUUID("tenant_id"),
                r.getString("email"),
                r.getString("display_name"),
                r.getBoolean("is_admin"),
                r.getString("locale"),
                csrf,
                r.getBoolean("is_operator"));
    }

    /** The user's time zone (an IANA name), or null to follow the browser. */
    public String timeZone(UUID user) {
        for (Row r : pool.preparedQuery("SELECT time_zone FROM atrium.users WHERE id = $1")
                .execute(Tuple.of(user))
                .await()) {
            return r.getString("time_zone");
        }
        return null;
    }

    /** The id of the tenant's user with this e-mail, or null. */
    public UUID userId(Tenant tenant, String email) {
        for (Row r : pool.preparedQuery("SELECT id FROM atrium.users WHERE tenant_id = $1 AND email = $2")
                .execute(Tuple.of(tenant.id(), email.toLowerCase()))
                .await()) {
            return r.getUUID("id");
        }
        return null;
    }

    /**
     * Makes a user a platform operator or takes it back (command line only: no API grants it). Ends the
     * user's sessions and tokens' cached credentials on every node, so the change applies at once.
     */
    public void setOperator(UUID user, boolean operator) {
        var r = pool.preparedQuery("UPDATE atrium.users SET is_operator = $2 WHERE id = $1")
                .execute(Tuple.of(user, operator))
                .await();
        if (r.rowCount() == 0) throw ApiProblem.notFound("no user " + user);
        credentialsChanged(pool, user);
    }

    /** The stored form of a session or API token: its SHA-256, as a bytea parameter. */
    private static io.vertx.core.buffer.Buffer tokenHash(String token) {
        return io.vertx.core.buffer.Buffer.buffer(sha256(token));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public TenantService tenants() {
        return tenants;
    }
}
