package dev.atrium.plugin.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * What every extension has: a stable id, the settings it reads and the record access it needs. The
 * platform collects {@link #settings()} and {@link #access()} of all of a plugin's extensions: an
 * administrator sees them before enabling the plugin, the settings form is rendered from them and the
 * plugin's service principal gets exactly the access granted.
 */
public interface AtriumExtension extends ExtensionPoint {

    /**
     * Stable id, unique within the plugin for this kind of extension: lower case letters, digits, {@code _} and {@code
     * -}.
     */
    String id();

    /** Settings this extension reads from {@link PluginContext#settings()}. */
    default List<ConfigProperty> settings() {
        return List.of();
    }

    /** Record access this extension needs through {@link PluginContext#records()}. */
    default List<AccessNeed> access() {
        return List.of();
    }
}
