package dev.atrium.plugin.api;

import java.util.Map;

/**
 * What the platform lends a plugin for one call, for one tenant. There is no database connection, no
 * platform class and no other tenant in here: records go through {@link #records()} with the plugin's
 * granted access, outbound calls through {@link #http()} with the SSRF guard.
 */
public interface PluginContext {

    /** The tenant's slug. */
    String tenant();

    /** The tenant's settings for this plugin, defaults applied; secrets included (never log them). */
    Map<String, String> settings();

    /** Records as the plugin's service principal (the access granted to the plugin). */
    Records records();

    /**
     * Records as the person calling an {@link HttpRoute}, with exactly their access: what they may not read
     * is not there, what they may not change is refused. For routes that act for their caller.
     *
     * @throws PluginException outside a route called by someone signed in
     */
    default Records callerRecords() {
        throw new PluginException("there is no signed-in caller here (only routes called by someone have one)");
    }

    /** Outbound HTTP with the platform's SSRF guard (no loopback, private, link-local or metadata addresses). */
    OutboundHttp http();

    /** A logger named after the plugin. */
    System.Logger log();

    /**
     * The scheduler: runs this plugin's {@link ScheduledJob} {@code jobId} once for this tenant after
     * {@code delay}, as a durable job (it survives restarts; retried on failure). Returns the job's id.
     *
     * @throws PluginException when the plugin has no such scheduled job
     */
    long runLater(String jobId, java.time.Duration delay);
}
