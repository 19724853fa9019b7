package dev.atrium.http;

import dev.atrium.currency.Currencies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET|PUT /api/v1/currencies} (the corporate currency and the rates), {@code POST
 * /api/v1/currencies/rates} (add or replace rates), {@code DELETE /api/v1/currencies/rates/{code}/{date}}.
 */
final class CurrencyRouter {
    private final Currencies currencies;

    CurrencyRouter(ApiServices platform) {
        this.currencies = new Currencies(platform.pool());
    }

    void mount(Router r) {
        r.get("/api/v1/currencies")
                .handler(ctx -> Http.json(
                        ctx, 200, currencies.get(AuthHandler.principal(ctx).tenantId())));
        r.put("/api/v1/currencies").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            Http.json(
                    ctx,
                    200,
                    currencies.setCorporate(p, p.tenantId(), Http.body(ctx).getString("corporate")));
        });
        r.post("/api/v1/currencies/rates").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            JsonObject body = Http.body(ctx);
            Http.json(ctx, 200, currencies.putRates(p, p.tenantId(), body.getJsonArray("rates")));
        });
        r.delete("/api/v1/currencies/rates/:code/:date").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            currencies.deleteRate(p, p.tenantId(), ctx.pathParam("code"), ctx.pathParam("date"));
            ctx.response().setStatusCode(204).end();
        });
    }
}
