package dev.atrium.plugins;

import dev.atrium.plugin.api.OutboundHttp;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.Records;
import dev.atrium.tenant.Tenant;
import java.util.Map;

/** The {@link PluginContext} of one call: one tenant, one plugin. */
record HostContext(
        Tenant tenantRef,
        String plugin,
        Map<String, String> settings,
        Records records,
        Records callerRecordsOrNull,
        OutboundHttp http,
        System.Logger log,
        java.util.function.BiFunction<String, java.time.Duration, Long> scheduler)
        implements PluginContext {

    @Override
    public long runLater(String jobId, java.time.Duration delay) {
        return scheduler.apply(jobId, delay);
    }

    @Override
    public Records callerRecords() {
        return callerRecordsOrNull != null ? callerRecordsOrNull : PluginContext.super.callerRecords();
    }

    @Override
    public String tenant() {
        return tenantRef.slug();
    }
}
