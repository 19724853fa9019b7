package dev.atrium.plugin.testkit;

import dev.atrium.Platform;
import dev.atrium.config.AtriumConfig;
import dev.atrium.plugins.PluginConfig;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The real platform in the test JVM, with plugins: embedded PostgreSQL under {@code target/}, the HTTP API
 * on a free port, a tenant with an administrator, and an HTTP client logged in as that administrator.
 *
 * <pre>{@code
 * try (PluginHarness h = PluginHarness.start(PluginHarness.jarOf("target"))) {
 *     h.api().post("/api/v1/plugins/my-plugin/enable", new JsonObject().put("grantAccess", true));
 *     ...
 * }
 * }</pre>
 *
 * Jars are installed like an upload: signature, descriptor and version checks apply. The harness trusts
 * the development signing key the build uses; pass {@code devMode} to load unsigned jars.
 */
public final class PluginHarness implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery";

    private final Platform platform;
    private final Tenant tenant;
    private final Api api;

    private PluginHarness(Platform platform, Tenant tenant, Api api) {
        this.platform = platform;
        this.tenant = tenant;
        this.api = api;
    }

    /** Boots a platform whose plugin directory holds {@code jars}; trusts the development key. */
    public static PluginHarness start(Path... jars) {
        return start(new Options(Duration.ofSeconds(5), false), jars);
    }

    /** @param callTimeout deadline of one extension call; devMode: accept unsigned jars */
    public record Options(Duration callTimeout, boolean devMode) {}

    public static PluginHarness start(Options options, Path... jars) {
        Path dir = Path.of("target", "harness-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir.resolve("plugins"));
            for (Path jar : jars) Files.copy(jar, dir.resolve("plugins").resolve(jar.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtriumConfig c = new AtriumConfig(null, "postgres", "", dir, "127.0.0.1", 0, 500, false, 1);
        PluginConfig pc =
                new PluginConfig(dir.resolve("plugins"), List.of(), options.devMode(), options.callTimeout(), 5, true);
        Platform p = Platform.start(c, pc);
        p.serve();
        Tenant t = p.blocking(() -> p.tenants().create("acme", "Acme"));
        String email = "admin@acme.test";
        // the harness's administrator is also the platform operator: tests install and remove plugins
        p.blocking(() -> {
            p.auth().setOperator(p.auth().createUser(t, email, "Admin", PASSWORD, true), true);
            return null;
        });
        Api anon = new Api(p.port(), null);
        Res login = anon.send(
                "POST",
                "/api/v1/auth/login",
                new JsonObject()
                        .put("tenant", "acme")
                        .put("email", email)
                        .put("password", PASSWORD)
                        .encode(),
                "application/json",
                null,
                null);
        if (login.status() != 200) throw new IllegalStateException("login failed: " + login.body());
        String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        Res tok = anon.send(
                "POST",
                "/api/v1/auth/tokens",
                new JsonObject().put("name", "harness").encode(),
                "application/json",
                cookie,
                login.json().getString("csrfToken"));
        if (tok.status() != 201) throw new IllegalStateException("token failed: " + tok.body());
        return new PluginHarness(p, t, new Api(p.port(), tok.json().getString("token")));
    }

    /**
     * The newest {@code *.jar} directly in {@code dir} (a module's {@code target}), excluding sources and originals.
     */
    public static Path jarOf(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")
                            && !p.getFileName().toString().startsWith("original-")
                            && !p.toString().endsWith("-sources.jar")
                            && !p.toString().endsWith("-tests.jar"))
                    .max(java.util.Comparator.comparingLong(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException(
                            "no plugin jar in " + dir.toAbsolutePath() + "; run mvn package first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Platform platform() {
        return platform;
    }

    public Tenant tenant() {
        return tenant;
    }

    public Api api() {
        return api;
    }

    /**
     * Another organisation with its own administrator (not a platform operator), logged in: for tests of
     * what one tenant may do to plugins that every tenant shares.
     */
    public Api tenantAdmin(String slug, String email) {
        Tenant t = platform.blocking(() -> platform.tenants().create(slug, slug));
        platform.blocking(() -> platform.auth().createUser(t, email, "Admin of " + slug, PASSWORD, true));
        return login(slug, email);
    }

    /**
     * A person of the test organisation who is not an administrator, with the given permission sets (ids),
     * logged in: for tests of what a plugin lets its callers reach.
     */
    public Api user(String email, String... permissionSetIds) {
        io.vertx.core.json.JsonArray sets = new io.vertx.core.json.JsonArray();
        for (String id : permissionSetIds) sets.add(id);
        Res created = api.post(
                "/api/v1/users",
                new JsonObject()
                        .put("email", email)
                        .put("password", PASSWORD)
                        .put("displayName", email)
                        .put("permissionSets", sets));
        if (created.status() != 201) throw new IllegalStateException("user not created: " + created);
        return login(tenant.slug(), email);
    }

    private Api login(String slug, String email) {
        Res login = api.anonymous()
                .send(
                        "POST",
                        "/api/v1/auth/login",
                        new JsonObject()
                                .put("tenant", slug)
                                .put("email", email)
                                .put("password", PASSWORD)
                                .encode(),
                        "application/json",
                        null,
                        null);
        if (login.status() != 200) throw new IllegalStateException("login failed: " + login);
        String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        Res token = api.anonymous()
                .send(
                        "POST",
                        "/api/v1/auth/tokens",
                        new JsonObject().put("name", "tests").encode(),
                        "application/json",
                        cookie,
                        login.json().getString("csrfToken"));
        if (token.status() != 201) throw new IllegalStateException("token failed: " + token);
        return new Api(api.port(), token.json().getString("token"));
    }

    /** Runs the background loop's steps until no ready job of the tenant is left. */
    public void drainJobs() {
        platform.blocking(() -> {
            for (int i = 0; i < 400; i++) {
                platform.audit().chain().sealPending();
                platform.dispatcher().dispatch();
                platform.jobs().runReady();
                long busy = platform.pool()
                        .preparedQuery("SELECT count(*) FROM atrium.jobs WHERE tenant_id = $1 AND (status = "
                                + "'running' OR (status = 'pending' AND run_at <= now()))")
                        .execute(io.vertx.sqlclient.Tuple.of(tenant.id()))
                        .await()
                        .iterator()
                        .next()
                        .getLong(0);
                if (busy == 0) return null;
                Thread.sleep(50);
            }
            return null;
        });
    }

    /** Deploys entity documents (merge mode); fails the test with the server's answer if refused. */
    public JsonObject deploy(JsonObject... entities) {
        io.vertx.core.json.JsonArray docs = new io.vertx.core.json.JsonArray();
        for (JsonObject e : entities) docs.add(e);
        Res r = api.post(
                "/api/v1/metadata/deployments",
                new JsonObject().put("entities", docs).put("mode", "merge"));
        if (r.status() != 200 && r.status() != 201)
            throw new AssertionError("deployment refused: " + r.status() + " " + r.body());
        return r.json();
    }

    @Override
    public void close() {
        platform.close();
    }

    /** A small HTTP client for the platform's API. */
    public static final class Api {
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        private final int port;
        private final String token;

        Api(int port, String token) {
            this.port = port;
            this.token = token;
        }

        public int port() {
            return port;
        }

        /** The bearer token this client sends (null when anonymous), for other HTTP clients in a test. */
        public String token() {
            return token;
        }

        public Api anonymous() {
            return new Api(port, null);
        }

        public Res get(String path) {
            return send("GET", path, null, null, null, null);
        }

        public Res post(String path, JsonObject body) {
            return send("POST", path, body.encode(), "application/json", null, null);
        }

        public Res put(String path, JsonObject body) {
            return send("PUT", path, body.encode(), "application/json", null, null);
        }

        public Res patch(String path, JsonObject body) {
            return send("PATCH", path, body.encode(), "application/json", null, null);
        }

        public Res delete(String path) {
            return send("DELETE", path, null, null, null, null);
        }

        /** Uploads a plugin jar. */
        public Res upload(byte[] jar) {
            return sendBytes("POST", "/api/v1/plugins", jar, "application/java-archive");
        }

        public Res sendBytes(String method, String path, byte[] body, String contentType) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", contentType);
            if (token != null) b.header("Authorization", "Bearer " + token);
            return exchange(b);
        }

        public Res send(String method, String path, String body, String contentType, String cookie, String csrf) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) b.header("Content-Type", contentType);
            if (token != null) b.header("Authorization", "Bearer " + token);
            if (cookie != null) b.header("Cookie", cookie);
            if (csrf != null) b.header("X-CSRF-Token", csrf);
            return exchange(b);
        }

        private static Res exchange(HttpRequest.Builder b) {
            try {
                HttpResponse<String> r =
                        HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                return new Res(r.statusCode(), r.body(), r.headers());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** An HTTP answer. */
    public record Res(int status, String body, HttpHeaders headers) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
