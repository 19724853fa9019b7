package dev.atrium.plugins;

import dev.atrium.access.Access;
import dev.atrium.auth.Principal;
import dev.atrium.internal.ApiProblem;
import dev.atrium.plugin.api.HttpRoute;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.tenant.Tenant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plugin HTTP routes: found by plugin and route id, let in only for who the route names (anyone, anyone
 * signed in, administrators), rate-limited when public, and called with the caller's identity and a
 * {@code callerRecords()} that has exactly the caller's access.
 */
public final class PluginRoutes {
    private final PluginHost host;
    private final PluginServices services;
    private final Map<String, long[]> rate = new ConcurrentHashMap<>();

    PluginRoutes(PluginHost host, PluginServices services) {
        this.host = host;
        this.services = services;
    }

    public record RouteMatch(RunningPlugin plugin, HttpRoute route) {
        /** Whether anyone may call it without signing in. */
        public boolean open() {
            return route.callers() == HttpRoute.Callers.ANYONE;
        }
    }

    public RouteMatch find(String plugin, String routeId) {
        RunningPlugin r = host.running(plugin)
                .orElseThrow(() -> ApiProblem.notFound("there is no running plugin \"" + plugin + "\""));
        HttpRoute route = r.extensions().routes().stream()
                .filter(x -> x.id().equals(routeId))
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("plugin " + plugin + " has no route \"" + routeId + "\""));
        return new RouteMatch(r, route);
    }

    /**
     * Calls a route for {@code caller} (null on a public route) whose access is {@code callerAccess}.
     *
     * @throws ApiProblem 404 when the plugin is not enabled here, 403 when the caller may not call it, 429
     *     when a public route is called too often, 400 for a {@code PluginException}, 502 when the plugin fails
     */
    public HttpRoute.Response call(
            Tenant tenant, RouteMatch m, HttpRoute.Request request, Principal caller, Access callerAccess) {
        if (host.enabledFor(tenant.id(), m.plugin().id()).isEmpty())
            throw ApiProblem.notFound("plugin \"" + m.plugin().id() + "\" is not enabled for this tenant");
        if (m.route().callers() == HttpRoute.Callers.ADMINISTRATORS && (caller == null || !caller.admin())) {
            throw ApiProblem.forbidden("only administrators may call "
                    + m.plugin().id() + "/" + m.route().id());
        }
        if (m.open() && !allow(m.plugin().id() + "|" + request.remoteAddress())) {
            throw new ApiProblem(
                    429,
                    "rate-limited",
                    "Too many requests",
                    "too many requests from your address; try again in a minute",
                    null,
                    null);
        }
        PluginContext pc = services.context(tenant, m.plugin(), caller, callerAccess);
        try {
            PluginCalls.Caller who =
                    caller == null ? PluginCalls.Caller.anonymous(tenant.id()) : PluginCalls.Caller.tenant(tenant.id());
            HttpRoute.Response resp = host.calls()
                    .call(
                            m.plugin().id(),
                            who,
                            "route " + m.route().id(),
                            () -> m.route().handle(request, pc));
            return resp == null ? new HttpRoute.Response(204, "text/plain", "") : resp;
        } catch (PluginFailure f) {
            throw PluginServices.failed(f);
        } catch (dev.atrium.plugin.api.PluginException pe) {
            throw ApiProblem.badRequest(pe.getMessage());
        }
    }

    /** 30 public requests a minute per plugin and client address (fixed window). */
    private boolean allow(String key) {
        long minute = System.currentTimeMillis() / 60_000;
        long[] w = rate.compute(
                key, (k, v) -> v == null || v[0] != minute ? new long[] {minute, 1} : new long[] {minute, v[1] + 1});
        if (rate.size() > 100_000) rate.clear();
        return w[1] <= 30;
    }
}
