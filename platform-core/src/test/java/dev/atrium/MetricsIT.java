package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What Prometheus scrapes: requests counted by method, route class and status class (never by id), the
 * job queue and the audit backlog, the JVM; for platform operators only.
 */
class MetricsIT {
    @Test
    void operatorsScrapeRequestsJobsAuditAndTheJvm() throws java.io.IOException {
        Api admin = TestPlatform.tenantWithAdmin("metrics");
        assertEquals(403, admin.get("/api/v1/metrics").status(), "a tenant administrator is no operator");
        Platform p = TestPlatform.get();
        UUID id = p.blocking(() -> p.auth().userId(admin.tenant, admin.email));
        p.blocking(() -> {
            p.auth().setOperator(id, true);
            return null;
        });
        Api operator = new Api(
                p.port(),
                new Api(p.port(), null)
                        .loginSession(admin.slug, admin.email, TestPlatform.PASSWORD)
                        .getString("token"));
        long before = count(operator.get("/api/v1/metrics").body(), "GET", "records", "4xx");
        for (int i = 0; i < 3; i++) admin.get("/api/v1/records/nothing-" + UUID.randomUUID());
        var scrape = operator.get("/api/v1/metrics");
        assertEquals(200, scrape.status(), scrape.body());
        assertTrue(scrape.contentType().startsWith("text/plain"), scrape.contentType());
        String text = scrape.body();
        assertEquals(before + 3, count(text, "GET", "records", "4xx"), "three unknown-entity reads, one series");
        assertTrue(!text.contains("nothing-"), "no path or id becomes a label");
        assertTrue(
                text.contains("atrium_tenant_requests_total{tenant=\"" + admin.slug + "\"}"),
                "requests are counted per organisation");
        // a rule run and a rule stopped by its budget are counted
        double runs = value(text, "atrium_rules_executions_total");
        double budget = value(text, "atrium_rules_budget_hits_total");
        p.blocking(() -> {
            var me = new io.vertx.core.json.JsonObject().put("id", id.toString());
            p.rules().run(admin.tenant.id(), "fine", "return true;", new io.vertx.core.json.JsonObject(), null, me);
            try {
                p.rules()
                        .run(
                                admin.tenant.id(),
                                "spins",
                                "while (true) {}",
                                new io.vertx.core.json.JsonObject(),
                                null,
                                me);
            } catch (dev.atrium.rules.RuleEngine.RuleFailure expected) {
                // stopped by the statement budget
            }
            return null;
        });
        dev.atrium.internal.Counters.plugin("metrics-probe").calls().increment();
        String after = operator.get("/api/v1/metrics").body();
        assertTrue(after.contains("atrium_plugin_calls_total{plugin=\"metrics-probe\"} 1.0"), "per plugin");
        // every series the Grafana dashboard in docs/ draws is one the node publishes
        String dashboard =
                java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "grafana", "atrium-dashboard.json"));
        Matcher names =
                Pattern.compile("\\b((?:atrium|jvm|process)_[a-z_]+)\\{").matcher(dashboard);
        int drawn = 0;
        while (names.find()) {
            drawn++;
            assertTrue(after.contains(names.group(1)), "the dashboard draws " + names.group(1) + ", published");
        }
        assertTrue(drawn >= 14, "the dashboard's queries were read: " + drawn);
        assertEquals(runs + 2, value(after, "atrium_rules_executions_total"));
        assertEquals(budget + 1, value(after, "atrium_rules_budget_hits_total"));
        for (String metric : new String[] {
            "atrium_db_pool_connections",
            "atrium_db_pool_max_connections 24.0",
            "atrium_http_server_requests_seconds_bucket",
            "atrium_jobs_ready",
            "atrium_jobs_oldest_ready_seconds",
            "atrium_audit_unsealed_entries",
            "jvm_memory_used_bytes",
            "jvm_gc_pause_seconds",
            "process_uptime_seconds"
        }) assertTrue(text.contains(metric), metric + " is scraped");
    }

    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.E]+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static long count(String text, String method, String route, String status) {
        Matcher m = Pattern.compile("atrium_http_server_requests_seconds_count\\{method=\"" + method + "\",route=\""
                        + route + "\",status=\"" + status + "\"} ([0-9.E]+)")
                .matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
