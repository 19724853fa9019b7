package dev.atrium.http;

import dev.atrium.auth.Principal;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Body;
import dev.atrium.metadata.merge.ThreeWayMerge.Side;
import dev.atrium.metadata.packages.PackageException;
import dev.atrium.metadata.packages.PackageFiles;
import dev.atrium.metadata.packages.PackageReader;
import dev.atrium.packages.PackageService;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * /api/v1/packages: the packages an organisation has and can install, and install, upgrade and uninstall
 * with a dry run and decisions (administrators); adding a package version to the catalog (platform
 * operators, a zip as the body).
 */
final class PackagesRouter {
    static final long ARCHIVE_LIMIT = 32L << 20;
    private final ApiServices platform;

    PackagesRouter(ApiServices platform) {
        this.platform = platform;
    }

    void mount(Router r) {
        r.get("/api/v1/packages").handler(ctx -> {
            Principal p = admin(ctx);
            Http.json(ctx, 200, new JsonObject().put("data", platform.packages().list(tenant(p))));
        });
        r.get("/api/v1/packages/:id").handler(ctx -> {
            Principal p = admin(ctx);
            Http.json(ctx, 200, platform.packages().describe(tenant(p), ctx.pathParam("id")));
        });
        r.get("/api/v1/packages/:id/customizations").handler(ctx -> {
            Principal p = admin(ctx);
            JsonArray changes = platform.packages().customizations(tenant(p), ctx.pathParam("id"));
            Http.json(ctx, 200, new JsonObject().put("data", changes));
        });
        for (PackageService.Action action : PackageService.Action.values()) {
            String verb = action.name().toLowerCase(Locale.ROOT);
            r.post("/api/v1/packages/:id/" + verb).handler(ctx -> operate(ctx, action));
        }
        r.post("/api/v1/packages").handler(this::upload);
    }

    private void operate(RoutingContext ctx, PackageService.Action action) {
        Principal p = admin(ctx);
        Body b = action == PackageService.Action.INSTALL
                ? Body.of(Http.optionalBody(ctx), "version", "dryRun", "decisions", "decideAll", "sampleData")
                : action == PackageService.Action.UPGRADE
                        ? Body.of(Http.optionalBody(ctx), "version", "dryRun", "decisions", "decideAll")
                        : Body.of(Http.optionalBody(ctx), "dryRun", "decisions", "decideAll");
        var req = new PackageService.Request(
                ctx.pathParam("id"),
                b.string("version"),
                null,
                b.bool("dryRun", false),
                decisions(b.object("decisions")),
                b.has("decideAll") ? side(b.oneOf("decideAll", null, "tenant", "package")) : null,
                b.bool("sampleData", false),
                p.userId());
        Http.json(ctx, 200, platform.packages().run(tenant(p), action, req));
    }

    /** A zip archive of a package directory: read, checked, and added to the catalog of every organisation. */
    private void upload(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        if (!p.operator()) {
            throw ApiProblem.forbidden("adding packages to the catalog is for platform operators");
        }
        byte[] zip = ctx.body() == null || ctx.body().buffer() == null
                ? new byte[0]
                : ctx.body().buffer().getBytes();
        if (zip.length == 0) throw ApiProblem.invalidField("", "send the package as a zip archive in the body");
        try {
            var pkg = PackageReader.read(PackageFiles.zip(zip));
            platform.packages().catalog().add(platform.pool(), pkg, p.userId());
            Http.json(ctx, 201, new JsonObject().put("id", pkg.id()).put("version", pkg.version()));
        } catch (PackageException e) {
            JsonArray errors = new JsonArray();
            e.problems()
                    .forEach(x -> errors.add(new JsonObject()
                            .put("pointer", "/" + x.document() + x.pointer())
                            .put("message", x.message())));
            throw ApiProblem.invalid(e.getMessage(), errors);
        }
    }

    private static Map<String, Side> decisions(JsonObject json) {
        Map<String, Side> out = new LinkedHashMap<>();
        if (json == null) return out;
        for (String path : json.fieldNames()) {
            Object v = json.getValue(path);
            if (!"tenant".equals(v) && !"package".equals(v)) {
                throw ApiProblem.invalidField(
                        "/decisions/" + path.replace("~", "~0").replace("/", "~1"),
                        "a decision is \"tenant\" (keep the organisation's) or \"package\" (take the package's)");
            }
            out.put(path, side((String) v));
        }
        return out;
    }

    private static Side side(String v) {
        return v.equals("tenant") ? Side.TENANT : Side.PACKAGE;
    }

    private Principal admin(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        if (!p.admin()) throw ApiProblem.forbidden("packages change the whole organisation: administrators only");
        return p;
    }

    private Tenant tenant(Principal p) {
        return platform.tenants().byId(p.tenantId());
    }
}
