package dev.atrium.plugins;

/**
 * An extension call that threw, timed out or was refused because its plugin is stopped or busy. The
 * message names the plugin and what it was doing; the platform carries on.
 */
public final class PluginFailure extends RuntimeException {
    private final String plugin;

    public PluginFailure(String plugin, String message, Throwable cause) {
        super("plugin \"" + plugin + "\": " + message, cause, false, false);
        this.plugin = plugin;
    }

    public String plugin() {
        return plugin;
    }
}
