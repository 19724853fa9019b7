package dev.atrium;

import dev.atrium.config.AtriumConfig;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One real platform per test JVM: embedded PostgreSQL in target/, the HTTP API on a free port.
 * Each test class makes its own tenant, so classes never see each other's data.
 */
public final class TestPlatform {
    private static Platform platform;
    public static final String PASSWORD = "correct horse battery";

    private TestPlatform() {}

    public static synchronized Platform get() {
        if (platform == null) {
            Path dir = Path.of("target", "it-data-" + UUID.randomUUID());
            AtriumConfig c = new AtriumConfig(null, "postgres", "", dir, "127.0.0.1", 0, 500, false, 1);
            platform = Platform.start(c);
            platform.serve();
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close));
        }
        return platform;
    }

    /**
     * Runs the background loop's steps now (seal the audit chain, dispatch workflows, run jobs) and waits
     * until no ready job of the tenant is pending or running — the node's own background loop may have
     * claimed one, so returning from runReady alone does not mean it finished.
     */
    public static void drainJobs(java.util.UUID tenant) {
        Platform p = get();
        p.blocking(() -> {
            p.audit().chain().sealPending();
            p.dispatcher().dispatch();
            p.jobs().runReady();
            for (int i = 0; i < 200; i++) {
                long busy = p.pool()
                        .preparedQuery("SELECT count(*) FROM atrium.jobs WHERE tenant_id = $1 AND (status = "
                                + "'running' OR (status = 'pending' AND run_at <= now()))")
                        .execute(io.vertx.sqlclient.Tuple.of(tenant))
                        .await()
                        .iterator()
                        .next()
                        .getLong(0);
                if (busy == 0) return null;
                Thread.sleep(50);
                p.jobs().runReady();
            }
            return null;
        });
    }

    /**
     * A platform of its own (own embedded database), for tests that change what every organisation shares,
     * such as the package catalog. The caller closes it.
     */
    public static Platform isolated() {
        Path dir = Path.of("target", "it-data-" + UUID.randomUUID());
        Platform own = Platform.start(new AtriumConfig(null, "postgres", "", dir, "127.0.0.1", 0, 500, false, 1));
        own.serve();
        return own;
    }

    /** Settings for another node on the shared test database (its own HTTP port, no data directory of its own). */
    public static AtriumConfig secondNode() {
        var db = get().database();
        return new AtriumConfig(
                db.jdbcUrl(), db.user(), db.password(), Path.of("target", "unused"), "127.0.0.1", 0, 500, false, 1);
    }

    /** A fresh tenant with an admin on {@code p}; returns an API client logged in with a token. */
    public static Api tenantWithAdmin(Platform p, String prefix) {
        String slug = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        Tenant t = p.blocking(() -> p.tenants().create(slug, prefix));
        String email = "admin@" + slug + ".test";
        p.blocking(() -> p.auth().createUser(t, email, "Admin", PASSWORD, true));
        Api anon = new Api(p.port(), null);
        JsonObject login = anon.loginSession(slug, email, PASSWORD);
        return new Api(p.port(), login.getString("token")).withTenant(t, slug, email);
    }

    /** A fresh tenant with an admin; returns an API client logged in with a token. */
    public static Api tenantWithAdmin(String prefix) {
        Platform p = get();
        String slug = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        Tenant t = p.blocking(() -> p.tenants().create(slug, prefix));
        String email = "admin@" + slug + ".test";
        p.blocking(() -> p.auth().createUser(t, email, "Admin", PASSWORD, true));
        Api anon = new Api(p.port(), null);
        JsonObject login = anon.loginSession(slug, email, PASSWORD);
        return new Api(p.port(), login.getString("token")).withTenant(t, slug, email);
    }

    /** A small HTTP client speaking JSON. */
    public static final class Api {
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        private final int port;
        private final String token;
        public Tenant tenant;
        public String slug;
        public String email;

        public Api(int port, String token) {
            this.port = port;
            this.token = token;
        }

        public String token() {
            return token;
        }

        Api withTenant(Tenant t, String slug, String email) {
            this.tenant = t;
            this.slug = slug;
            this.email = email;
            return this;
        }

        /** Logs in with a session, then creates an API token through the API (exercising CSRF). */
        public JsonObject loginSession(String tenant, String email, String password) {
            Res r = send(
                    "POST",
                    "/api/v1/auth/login",
                    new JsonObject()
                            .put("tenant", tenant)
                            .put("email", email)
                            .put("password", password)
                            .encode(),
                    null,
                    null);
            if (r.status() != 200) throw new IllegalStateException("login failed: " + r.body());
            String cookie = r.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            String csrf = r.json().getString("csrfToken");
            Res tok = send(
                    "POST",
                    "/api/v1/auth/tokens",
                    new JsonObject().put("name", "tests").encode(),
                    cookie,
                    csrf);
            if (tok.status() != 201) throw new IllegalStateException("token failed: " + tok.body());
            return new JsonObject()
                    .put("token", tok.json().getString("token"))
                    .put("cookie", cookie)
                    .put("csrf", csrf);
        }

        public Res get(String path) {
            return send("GET", path, null, null, null);
        }

        public Res post(String path, JsonObject body) {
            return send("POST", path, body.encode(), null, null);
        }

        public Res put(String path, JsonObject body) {
            return send("PUT", path, body.encode(), null, null);
        }

        public Res patch(String path, JsonObject body, String ifMatch) {
            return send("PATCH", path, body.encode(), null, ifMatch == null ? null : "if-match:" + ifMatch);
        }

        public Res delete(String path) {
            return send("DELETE", path, null, null, null);
        }

        /** A raw body (an archive) with its content type. */
        public Res postBytes(String path, byte[] body, String contentType) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", contentType);
            if (token != null) b.header("Authorization", "Bearer " + token);
            try {
                HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Res(r.statusCode(), r.body(), r.headers());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** A GET whose answer is binary (an XLSX file). */
        public byte[] getBytes(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            if (token != null) b.header("Authorization", "Bearer " + token);
            try {
                HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200)
                    throw new IllegalStateException(r.statusCode() + ": " + new String(r.body()));
                return r.body();
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        public Res deploy(JsonObject body) {
            return post("/api/v1/metadata/deployments", body);
        }

        public Res send(String method, String path, String body, String cookie, String csrfOrHeader) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
            if (token != null) b.header("Authorization", "Bearer " + token);
            if (cookie != null) b.header("Cookie", cookie);
            if (csrfOrHeader != null) {
                if (csrfOrHeader.startsWith("if-match:")) b.header("If-Match", csrfOrHeader.substring(9));
                else if (csrfOrHeader.startsWith("header:")) {
                    String[] nameValue = csrfOrHeader.substring(7).split(":", 2);
                    b.header(nameValue[0], nameValue[1]);
                } else b.header("X-CSRF-Token", csrfOrHeader);
            }
            try {
                HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Res(r.statusCode(), r.body(), r.headers());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public record Res(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public String contentType() {
            return headers.firstValue("content-type").orElse("");
        }
    }

    /** Installs a catalog package (newest version) in a tenant, as {@code actor}. */
    public static io.vertx.core.json.JsonObject installPackage(Platform p, Tenant t, String id, java.util.UUID actor) {
        return p.blocking(() -> p.packages()
                .run(
                        t,
                        dev.atrium.packages.PackageService.Action.INSTALL,
                        new dev.atrium.packages.PackageService.Request(
                                id, null, null, false, null, null, false, actor)));
    }
}
