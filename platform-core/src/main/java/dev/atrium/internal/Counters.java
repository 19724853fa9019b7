package dev.atrium.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what the services do, for the operator metrics: rule executions and budget hits, plugin calls
 * and failures per plugin, requests per organisation. Plain adders the services bump without knowing
 * about any metrics library; {@code http.Metrics} publishes them. One set per process (a node is one
 * process; nodes in one test JVM share it).
 */
public final class Counters {
    public static final LongAdder RULES_RUN = new LongAdder();
    public static final LongAdder RULES_FAILED = new LongAdder();
    public static final LongAdder RULE_BUDGET_HITS = new LongAdder();

    /** A plugin's calls and the failures among them (timeouts, exceptions, refusals). */
    public record PluginCounts(LongAdder calls, LongAdder failures) {}

    private static final Map<String, PluginCounts> PLUGINS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> TENANT_REQUESTS = new ConcurrentHashMap<>();

    private Counters() {}

    public static PluginCounts plugin(String id) {
        return PLUGINS.computeIfAbsent(id, k -> new PluginCounts(new LongAdder(), new LongAdder()));
    }

    public static Map<String, PluginCounts> plugins() {
        return PLUGINS;
    }

    public static void tenantRequest(String tenant) {
        TENANT_REQUESTS.computeIfAbsent(tenant, k -> new LongAdder()).increment();
    }

    public static Map<String, LongAdder> tenantRequests() {
        return TENANT_REQUESTS;
    }
}
