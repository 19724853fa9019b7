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

    /** Records as the plugin's service principal. */
    Records records();

    /** Outbound HTTP with the platform's SSRF guard (no loopback, private, link-local or metadata addresses). */
    OutboundHttp http();

    /** A logger named after the plugin. */
    System.Logger log();
}
