package dev.atrium.http;

import dev.atrium.auth.AuthService;
import dev.atrium.auth.Principal;
import dev.atrium.internal.ApiProblem;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Resolves the caller of every API request: an API token ({@code Authorization: Bearer atr_...}) or a
 * session cookie. Cookie-authenticated changes must carry the session's CSRF token in
 * {@code X-CSRF-Token} (a cross-site page cannot read it). Runs on the request's virtual thread.
 */
final class AuthHandler {
    static final String COOKIE = "atrium_session";
    static final String PRINCIPAL = "principal";

    private final AuthService auth;

    AuthHandler(AuthService auth) {
        this.auth = auth;
    }

    void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        Principal p = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            p = auth.byApiToken(header.substring(7).trim());
            if (p == null) throw ApiProblem.unauthorized("the API token is not valid or was revoked");
        } else {
            Cookie c = ctx.request().getCookie(COOKIE);
            if (c != null) {
                p = auth.bySession(c.getValue());
                if (p != null && changes(ctx.request().method())) {
                    String csrf = ctx.request().getHeader("X-CSRF-Token");
                    if (csrf == null
                            || !MessageDigest.isEqual(
                                    csrf.getBytes(StandardCharsets.UTF_8),
                                    p.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                        throw ApiProblem.forbidden("send the session's CSRF token in the X-CSRF-Token header (GET "
                                + "/api/v1/auth/session returns it)");
                    }
                }
            }
            if (p == null)
                throw ApiProblem.unauthorized(
                        "log in (POST /api/v1/auth/login) or send an API token as Authorization: Bearer");
        }
        String runAs = ctx.request().getHeader("X-Atrium-Run-As");
        if (runAs != null) {
            if (!p.admin()) throw ApiProblem.forbidden("only administrators can run requests as another user");
            if (ctx.request().method() != HttpMethod.GET)
                throw ApiProblem.forbidden("requests run as another user are read-only (GET)");
            java.util.UUID as;
            try {
                as = java.util.UUID.fromString(runAs);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("X-Atrium-Run-As must be a user id");
            }
            Principal target = auth.principalOf(as, p.tenantId());
            if (target == null) throw ApiProblem.notFound("no active user " + runAs + " in this organisation");
            p = target;
        }
        ctx.put(PRINCIPAL, p);
        ctx.put(dev.atrium.internal.LogSetup.TENANT, p.tenantId().toString());
        org.slf4j.MDC.put(dev.atrium.internal.LogSetup.TENANT, p.tenantId().toString());
        ctx.next();
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    private static boolean changes(HttpMethod m) {
        return m != HttpMethod.GET && m != HttpMethod.HEAD && m != HttpMethod.OPTIONS;
    }
}
