package dev.atrium.http;

import dev.atrium.auth.Principal;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Body;
import dev.atrium.operator.OperatorTenants;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * /api/v1/operator/tenants: organisations as a platform operator manages them. An operator creates an
 * organisation with its first administrator and packages, and lists every organisation with its packages;
 * being an operator gives no access to any organisation's records.
 */
final class OperatorRouter {
    private final OperatorTenants tenants;

    OperatorRouter(OperatorTenants tenants) {
        this.tenants = tenants;
    }

    void mount(Router r) {
        r.get("/api/v1/operator/tenants").handler(ctx -> {
            operator(ctx);
            Http.json(ctx, 200, new JsonObject().put("data", tenants.list()));
        });
        r.post("/api/v1/operator/tenants").handler(ctx -> {
            Principal p = operator(ctx);
            Body b = Body.of(Http.body(ctx), "slug", "name", "admin", "packages");
            Body admin = Body.at(b.object("admin"), "/admin", "email", "password", "displayName");
            if (b.object("admin") == null) throw ApiProblem.invalidField("/admin", "give the first administrator");
            var first = new OperatorTenants.FirstAdmin(
                    admin.requiredString("email"), admin.string("displayName"), admin.requiredString("password"));
            List<OperatorTenants.PackageChoice> choices = new ArrayList<>();
            JsonArray list = b.array("packages") == null ? new JsonArray() : b.array("packages");
            for (int i = 0; i < list.size(); i++) {
                if (!(list.getValue(i) instanceof JsonObject o)) {
                    throw ApiProblem.invalidField(
                            "/packages/" + i, "each package is {\"id\", \"version\"?, " + "\"sampleData\"?}");
                }
                Body pkg = Body.at(o, "/packages/" + i, "id", "version", "sampleData");
                choices.add(new OperatorTenants.PackageChoice(
                        pkg.requiredString("id"), pkg.string("version"), pkg.bool("sampleData", false)));
            }
            Http.json(ctx, 201, tenants.create(b.requiredString("slug"), b.string("name"), first, choices, p.userId()));
        });
    }

    private static Principal operator(RoutingContext ctx) {
        Principal p = AuthHandler.principal(ctx);
        if (!p.operator()) throw ApiProblem.forbidden("organisations are managed by platform operators");
        return p;
    }
}
