package dev.atrium.plugin.api;

/**
 * A failure the platform reports to the plugin, or a plugin reports to the platform, with a message a
 * person can act on. Thrown by a plugin, it is an answer, not a crash: the caller gets the message (an
 * HTTP route answers 400, a rule fails with it), and it never counts towards suspending the plugin.
 * Any other exception does count, and its details go only to the server log and the plugin manager.
 */
public class PluginException extends RuntimeException {
    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
