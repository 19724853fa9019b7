package dev.atrium.plugins;

import dev.atrium.plugin.api.AccessNeed;
import java.util.List;
import java.util.Map;

/**
 * One tenant's view of a plugin: enabled or not, its settings, the access granted when it was enabled,
 * and why it is suspended (null unless it failed too often in a row in this tenant).
 */
public record TenantPlugin(
        boolean enabled, Map<String, String> settings, List<AccessNeed> granted, String suspendedReason) {}
