package dev.atrium.http;

import dev.atrium.auth.Principal;
import dev.atrium.internal.ApiProblem;
import dev.atrium.plugin.api.HttpRoute;
import dev.atrium.plugins.PluginRefused;
import dev.atrium.plugins.PluginRoutes;
import dev.atrium.plugins.PluginServices;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plugin manager API (administrators): {@code GET /api/v1/plugins}, upload {@code POST /api/v1/plugins}
 * (the jar as the body), {@code POST /api/v1/plugins/{id}/enable|disable|settings|stop|start|jobs/{job}/run},
 * {@code DELETE /api/v1/plugins/{id}}; plugin routes under {@code /api/v1/ext/{plugin}/{route}/...}; plugin
 * assets under {@code /ext/{plugin}/{file}}; navigation entries at {@code GET /api/v1/plugins/navigation}.
 */
final class PluginRouter {
    private static final Pattern EXT =
            Pattern.compile("^/api/v1/ext/([a-z][a-z0-9-]{1,39})/([a-z][a-z0-9_-]{0,39})(/.*)?$");
    private final ApiServices platform;
    private final PluginServices services;

    PluginRouter(ApiServices platform) {
        this.platform = platform;
        this.services = platform.plugins();
    }

    /** Whether the request is for a plugin route that anyone may call (it then needs no authentication). */
    boolean isPublic(RoutingContext ctx) {
        Matcher m = EXT.matcher(ctx.request().path());
        if (!m.matches()) return false;
        try {
            return services.routes().find(m.group(1), m.group(2)).open();
        } catch (ApiProblem notThere) {
            return false;
        }
    }

    /** Public plugin routes: before authentication. Anything else falls through to the authenticated handler. */
    void mountPublic(Router r) {
        r.route("/api/v1/ext/*").handler(ctx -> {
            Matcher m = EXT.matcher(ctx.request().path());
            if (!m.matches()) throw ApiProblem.notFound("plugin routes are /api/v1/ext/<plugin-id>/<route-id>/...");
            PluginRoutes.RouteMatch match = services.routes().find(m.group(1), m.group(2));
            if (!match.open()) {
                ctx.next();
                return;
            }
            String slug = ctx.request().getParam("tenant");
            if (slug == null)
                throw ApiProblem.invalidField("/tenant", "public plugin routes need ?tenant=<tenant slug>");
            Tenant tenant = platform.tenants()
                    .bySlug(slug)
                    .orElseThrow(() -> ApiProblem.notFound("there is no tenant \"" + slug + "\""));
            answer(ctx, services.routes().call(tenant, match, request(ctx, m, null), null, null));
        });
        r.get("/ext/:plugin/:file").handler(ctx -> {
            byte[] bytes = services.asset(ctx.pathParam("plugin"), ctx.pathParam("file"));
            if (bytes == null) {
                ctx.response().setStatusCode(404).end();
                return;
            }
            String f = ctx.pathParam("file");
            String type = f.endsWith(".js")
                    ? "text/javascript"
                    : f.endsWith(".css")
                            ? "text/css"
                            : f.endsWith(".html")
                                    ? "text/html; charset=utf-8"
                                    : f.endsWith(".svg")
                                            ? "image/svg+xml"
                                            : f.endsWith(".png")
                                                    ? "image/png"
                                                    : f.endsWith(".json")
                                                            ? "application/json"
                                                            : "application/octet-stream";
            ctx.response().putHeader("Content-Type", type).end(io.vertx.core.buffer.Buffer.buffer(bytes));
        });
    }

    void mount(Router r) {
        r.route("/api/v1/ext/*").handler(ctx -> {
            Matcher m = EXT.matcher(ctx.request().path());
            if (!m.matches()) throw ApiProblem.notFound("plugin routes are /api/v1/ext/<plugin-id>/<route-id>/...");
            Principal p = AuthHandler.principal(ctx);
            PluginRoutes.RouteMatch match = services.routes().find(m.group(1), m.group(2));
            var snap = platform.metadata().snapshot(p.tenantId());
            answer(
                    ctx,
                    services.routes()
                            .call(
                                    platform.tenants().byId(p.tenantId()),
                                    match,
                                    request(ctx, m, p),
                                    p,
                                    platform.access().of(p, snap)));
        });
        r.get("/api/v1/plugins/navigation")
                .handler(ctx -> Http.json(
                        ctx,
                        200,
                        new JsonObject()
                                .put(
                                        "data",
                                        services.navigation(
                                                AuthHandler.principal(ctx).tenantId()))));
        r.get("/api/v1/plugins/field-types")
                .handler(ctx -> Http.json(
                        ctx, 200, new JsonObject().put("data", services.host().fieldTypeCatalog())));
        r.get("/api/v1/plugins").handler(ctx -> {
            Principal p = admin(ctx);
            Http.json(ctx, 200, new JsonObject().put("data", services.host().list(p.tenantId())));
        });
        r.get("/api/v1/plugins/:id").handler(ctx -> {
            Principal p = admin(ctx);
            Http.json(ctx, 200, services.host().describe(ctx.pathParam("id"), p.tenantId()));
        });
        r.post("/api/v1/plugins").handler(ctx -> {
            Principal p = operator(ctx);
            byte[] jar = ctx.body() == null || ctx.body().buffer() == null
                    ? new byte[0]
                    : ctx.body().buffer().getBytes();
            try {
                JsonObject installed = services.host().install(jar);
                Http.json(ctx, 201, services.host().describe(installed.getString("id"), p.tenantId()));
            } catch (PluginRefused e) {
                throw new ApiProblem(422, "plugin-refused", "The plugin was refused", e.getMessage(), null, null);
            }
        });
        r.post("/api/v1/plugins/:id/enable").handler(ctx -> {
            Principal p = admin(ctx);
            dev.atrium.internal.Body b = dev.atrium.internal.Body.of(Http.optionalBody(ctx), "settings", "grantAccess");
            Http.json(
                    ctx,
                    200,
                    services.host()
                            .enable(
                                    platform.tenants().byId(p.tenantId()),
                                    ctx.pathParam("id"),
                                    java.util.Objects.requireNonNullElse(b.object("settings"), new JsonObject()),
                                    b.bool("grantAccess", false),
                                    p.userId()));
        });
        r.post("/api/v1/plugins/:id/disable").handler(ctx -> {
            Principal p = admin(ctx);
            Http.json(ctx, 200, services.host().disable(platform.tenants().byId(p.tenantId()), ctx.pathParam("id")));
        });
        r.put("/api/v1/plugins/:id/settings").handler(ctx -> {
            Principal p = admin(ctx);
            Http.json(
                    ctx,
                    200,
                    services.host()
                            .configure(platform.tenants().byId(p.tenantId()), ctx.pathParam("id"), Http.body(ctx)));
        });
        r.post("/api/v1/plugins/:id/jobs/:job/run").handler(ctx -> {
            Principal p = admin(ctx);
            long job =
                    services.runNow(platform.tenants().byId(p.tenantId()), ctx.pathParam("id"), ctx.pathParam("job"));
            Http.json(ctx, 202, new JsonObject().put("job", job));
        });
        r.post("/api/v1/plugins/:id/stop").handler(ctx -> {
            Principal p = operator(ctx);
            services.host().stop(ctx.pathParam("id"), null);
            Http.json(ctx, 200, services.host().describe(ctx.pathParam("id"), p.tenantId()));
        });
        r.post("/api/v1/plugins/:id/start").handler(ctx -> {
            Principal p = operator(ctx);
            services.host().restart(ctx.pathParam("id"));
            Http.json(ctx, 200, services.host().describe(ctx.pathParam("id"), p.tenantId()));
        });
        r.delete("/api/v1/plugins/:id").handler(ctx -> {
            operator(ctx);
            services.host().remove(ctx.pathParam("id"));
            ctx.response().setStatusCode(204).end();
        });
    }

    private static Principal admin(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        if (!p.admin()) throw ApiProblem.forbidden("the plugin manager is for administrators");
        return p;
    }

    /**
     * Platform-wide changes (install, stop, start, remove) affect every organisation: platform operators
     * only, and only while the installation accepts them through the API (ATRIUM_PLUGIN_UPLOADS).
     */
    private Principal operator(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        if (!p.operator())
            throw ApiProblem.forbidden("installing, stopping, starting and removing plugins affects every"
                    + " organisation on this platform: it is for platform operators (./atrium user operator)");
        if (!platform.pluginUploadsAllowed())
            throw ApiProblem.forbidden(
                    "plugin installation through the API is turned off on this platform (ATRIUM_PLUGIN_UPLOADS=false)");
        return p;
    }

    private static HttpRoute.Request request(RoutingContext ctx, Matcher m, Principal caller) {
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.request().headers().forEach(e -> {
            String k = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!k.equals("cookie") && !k.equals("authorization")) headers.putIfAbsent(k, e.getValue());
        });
        String body = ctx.body() == null || ctx.body().buffer() == null
                ? ""
                : ctx.body().asString();
        return new HttpRoute.Request(
                ctx.request().method().name(),
                m.group(3) == null ? "" : m.group(3),
                query,
                headers,
                body,
                caller == null ? null : caller.email(),
                ctx.request().remoteAddress() == null
                        ? null
                        : ctx.request().remoteAddress().hostAddress(),
                caller == null
                        ? null
                        : new HttpRoute.Caller(
                                caller.userId().toString(), caller.email(), caller.admin(), caller.locale()));
    }

    private static void answer(RoutingContext ctx, HttpRoute.Response resp) {
        ctx.response()
                .setStatusCode(resp.status())
                .putHeader(
                        "Content-Type", resp.contentType() == null ? "text/plain; charset=utf-8" : resp.contentType())
                .end(resp.body() == null ? "" : resp.body());
    }
}
