package dev.atrium.plugins;

import dev.atrium.plugin.api.OutboundHttp;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.Records;
import dev.atrium.tenant.Tenant;

import java.util.Map;

/** The {@link PluginContext} of one call: one tenant, one plugin. */
record HostContext(Tenant tenantRef, String plugin, Map<String, String> settings, Records records, OutboundHttp http, System.Logger log)
        implements PluginContext {

    @Override
    public String tenant() {
        return tenantRef.slug();
    }
}
