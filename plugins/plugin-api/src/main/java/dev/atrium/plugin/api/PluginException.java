package dev.atrium.plugin.api;

/** A failure the platform reports to the plugin, or a plugin reports to the platform, with a message a person can act on. */
public class PluginException extends RuntimeException {
    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
