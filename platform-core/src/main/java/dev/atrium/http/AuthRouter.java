package dev.atrium.http;

import dev.atrium.auth.AuthService;
import dev.atrium.auth.Principal;
import dev.atrium.internal.Body;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** /api/v1/auth: login, logout, the current session, API tokens. */
final class AuthRouter {
    private final AuthService auth;
    private final boolean secureCookies;

    AuthRouter(AuthService auth, boolean secureCookies) {
        this.auth = auth;
        this.secureCookies = secureCookies;
    }

    void mountPublic(Router r) {
        r.post("/api/v1/auth/login").handler(this::login);
    }

    void mount(Router r) {
        r.post("/api/v1/auth/logout").handler(this::logout);
        r.post("/api/v1/auth/password").handler(ctx -> {
            Body b = Body.of(Http.body(ctx), "current", "password");
            auth.changePassword(AuthHandler.principal(ctx), b.string("current"), b.requiredString("password"));
            ctx.response().setStatusCode(204).end();
        });
        r.get("/api/v1/auth/session").handler(ctx -> Http.json(ctx, 200, user(AuthHandler.principal(ctx))));
        r.post("/api/v1/auth/tokens")
                .handler(ctx -> Http.json(
                        ctx,
                        201,
                        auth.createToken(
                                AuthHandler.principal(ctx),
                                Body.of(Http.optionalBody(ctx), "name").string("name"))));
        r.get("/api/v1/auth/tokens")
                .handler(ctx ->
                        Http.json(ctx, 200, new JsonObject().put("data", auth.tokens(AuthHandler.principal(ctx)))));
        r.delete("/api/v1/auth/tokens/:id").handler(ctx -> {
            auth.revokeToken(AuthHandler.principal(ctx), Http.uuid(ctx, "id"));
            ctx.response().setStatusCode(204).end();
        });
    }

    private void login(RoutingContext ctx) {
        Body b = Body.of(Http.body(ctx), "tenant", "email", "password");
        AuthService.Session s = auth.login(
                b.string("tenant"),
                b.requiredString("email"),
                b.requiredString("password"),
                ctx.request().remoteAddress() == null
                        ? null
                        : ctx.request().remoteAddress().hostAddress(),
                ctx.request().getHeader("User-Agent"));
        Cookie c = Cookie.cookie(AuthHandler.COOKIE, s.token())
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setPath("/")
                .setSecure(secureCookies)
                .setMaxAge(AuthService.SESSION_TTL.toSeconds());
        ctx.response().addCookie(c);
        Http.json(ctx, 200, user(s.principal()));
    }

    /** Who is signed in, with their language and time zone (the app shows date-times in it from the start). */
    private JsonObject user(Principal p) {
        JsonObject session = describe(p);
        session.getJsonObject("user").put("timeZone", auth.timeZone(p.userId()));
        return session;
    }

    private void logout(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(AuthHandler.COOKIE);
        if (c != null) auth.logout(c.getValue());
        ctx.response()
                .addCookie(Cookie.cookie(AuthHandler.COOKIE, "")
                        .setPath("/")
                        .setMaxAge(0)
                        .setHttpOnly(true));
        ctx.response().setStatusCode(204).end();
    }

    private static JsonObject describe(Principal p) {
        return new JsonObject()
                .put(
                        "user",
                        new JsonObject()
                                .put("id", p.userId().toString())
                                .put("email", p.email())
                                .put("displayName", p.displayName())
                                .put("admin", p.admin())
                                .put("operator", p.operator())
                                .put("locale", p.locale()))
                .put("csrfToken", p.csrfToken());
    }
}
