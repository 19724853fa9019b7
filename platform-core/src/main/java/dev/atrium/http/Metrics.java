package dev.atrium.http;

import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Counters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Operator metrics in the Prometheus text format at {@code GET /api/v1/metrics} (platform operators
 * only: Prometheus sends an operator's API token as a bearer token): HTTP requests by method, route class
 * and status class with latency histograms, the job queue (ready jobs, age of the oldest), the audit
 * sealer's backlog, and the JVM (memory, GC, threads, CPU, uptime). One registry per platform.
 */
final class Metrics {
    private static final Map<ApiServices, Metrics> BY_PLATFORM = new ConcurrentHashMap<>();
    /** Route classes are a closed set, so the number of series never grows with paths or ids. */
    private static final Set<String> AREAS = Set.of(
            "records",
            "metadata",
            "auth",
            "search",
            "imports",
            "files",
            "reports",
            "dashboards",
            "plugins",
            "ext",
            "access",
            "users",
            "audit",
            "jobs",
            "notifications",
            "approvals",
            "currencies",
            "health",
            "openapi.json",
            "archive",
            "operator",
            "packages",
            "directory",
            "setup",
            "metrics");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ApiServices platform;
    private final AtomicLong jobsReady = new AtomicLong();
    private final AtomicLong oldestJobSeconds = new AtomicLong();
    private final AtomicLong unsealed = new AtomicLong();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Set<String> plugins = ConcurrentHashMap.newKeySet();
    private final Set<String> tenants = ConcurrentHashMap.newKeySet();

    private Metrics(ApiServices platform) {
        this.platform = platform;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("atrium_jobs_ready", jobsReady, AtomicLong::get)
                .description("Jobs due to run now")
                .register(registry);
        Gauge.builder("atrium_jobs_oldest_ready_seconds", oldestJobSeconds, AtomicLong::get)
                .description("How long the oldest ready job has waited")
                .register(registry);
        Gauge.builder("atrium_audit_unsealed_entries", unsealed, AtomicLong::get)
                .description("Audit entries written but not yet sealed into the hash chain")
                .register(registry);
        Gauge.builder("atrium_db_pool_connections", platform.pool(), io.vertx.sqlclient.Pool::size)
                .description("Connections the node's pool holds open")
                .register(registry);
        Gauge.builder("atrium_db_pool_max_connections", platform, ApiServices::poolSize)
                .description("The most connections the node's pool opens")
                .register(registry);
        counter("atrium_rules_executions", Counters.RULES_RUN, "Rule scripts run (validation, after-commit, workflow)");
        counter("atrium_rules_failures", Counters.RULES_FAILED, "Rule scripts that threw or broke a budget");
        counter("atrium_rules_budget_hits", Counters.RULE_BUDGET_HITS, "Rule scripts stopped by a budget");
    }

    private void counter(String name, LongAdder adder, String description) {
        FunctionCounter.builder(name, adder, LongAdder::sum)
                .description(description)
                .register(registry);
    }

    /** Series for plugins and organisations seen since the last scrape: their number follows what exists. */
    private void registerNewSeries() {
        Counters.plugins().forEach((id, counts) -> {
            if (!plugins.add(id)) return;
            FunctionCounter.builder("atrium_plugin_calls", counts.calls(), LongAdder::sum)
                    .description("Calls into a plugin")
                    .tag("plugin", id)
                    .register(registry);
            FunctionCounter.builder("atrium_plugin_failures", counts.failures(), LongAdder::sum)
                    .description("Plugin calls that failed, timed out or were refused")
                    .tag("plugin", id)
                    .register(registry);
        });
        Counters.tenantRequests().forEach((id, adder) -> {
            if (!tenants.add(id)) return;
            String slug;
            try {
                slug = platform.tenants().byId(java.util.UUID.fromString(id)).slug();
            } catch (IllegalStateException gone) {
                slug = id;
            }
            FunctionCounter.builder("atrium_tenant_requests", adder, LongAdder::sum)
                    .description("Signed-in requests per organisation")
                    .tag("tenant", slug)
                    .register(registry);
        });
    }

    static Metrics of(ApiServices platform) {
        return BY_PLATFORM.computeIfAbsent(platform, Metrics::new);
    }

    /** Times every request from its first handler to the end of its answer. */
    void time(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(done -> {
            String tenant = ctx.get(dev.atrium.internal.LogSetup.TENANT);
            if (tenant != null) Counters.tenantRequest(tenant);
            timer(
                            ctx.request().method().name(),
                            area(ctx.request().path()),
                            (ctx.response().getStatusCode() / 100) + "xx")
                    .record(Duration.ofNanos(System.nanoTime() - start));
        });
        ctx.next();
    }

    /** One timer per method, route class and status class, built once (not on every request). */
    private Timer timer(String method, String route, String status) {
        return timers.computeIfAbsent(
                method + " " + route + " " + status,
                k -> Timer.builder("atrium_http_server_requests")
                        .description("HTTP requests by method, route class and status class")
                        .tag("method", method)
                        .tag("route", route)
                        .tag("status", status)
                        .publishPercentileHistogram()
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry));
    }

    static String area(String path) {
        if (!path.startsWith("/api/v1/")) return "app";
        String rest = path.substring("/api/v1/".length());
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        return AREAS.contains(first) ? first : "other";
    }

    void mount(Router r) {
        r.get("/api/v1/metrics").handler(ctx -> {
            if (!AuthHandler.principal(ctx).operator())
                throw ApiProblem.forbidden("metrics are for platform operators");
            refresh();
            registerNewSeries();
            ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(registry.scrape());
        });
    }

    /** The gauges that need the database, read when Prometheus scrapes (once every 15 s or so). */
    private void refresh() {
        for (Row r : platform.pool()
                .query("SELECT count(*) AS n, coalesce(extract(epoch FROM now() - min(run_at)), 0)::bigint AS age"
                        + " FROM atrium.jobs WHERE status = 'pending' AND run_at <= now()")
                .execute()
                .await()) {
            jobsReady.set(r.getLong("n"));
            oldestJobSeconds.set(r.getLong("age"));
        }
        for (Row r : platform.pool()
                .query("SELECT count(*) AS n FROM atrium.audit_log WHERE seq IS NULL")
                .execute()
                .await()) unsealed.set(r.getLong("n"));
    }
}
