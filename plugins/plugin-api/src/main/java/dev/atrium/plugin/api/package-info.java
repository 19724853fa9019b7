/**
 * The Atrium plugin SDK. A plugin is a PF4J jar whose classes implement the extension points here
 * (each annotated {@code @org.pf4j.Extension}); it compiles against this package only, with scope
 * {@code provided}, and never sees the platform's own classes.
 *
 * <h2>Threads and failures, for every extension point</h2>
 * The platform calls extensions on a platform thread of the plugin's own bounded pool (at most 8 calls of
 * a plugin at once), never on an HTTP event loop, so blocking I/O is fine. Every call has a deadline (5 s
 * unless the operator changed it). An unexpected exception (even {@code OutOfMemoryError}) or a missed
 * deadline fails only that call: the caller sees an error naming the plugin (HTTP 502) and a reference,
 * the details go to the plugin manager. A {@link dev.atrium.plugin.api.PluginException} is an answer, not a
 * failure. After several failures in a row the platform suspends the plugin for that tenant and shows why
 * in the plugin manager. Extensions must be stateless or thread-safe: one instance serves all tenants
 * and all calls.
 *
 * <h2>Tenants</h2>
 * A plugin is installed once per platform and enabled per tenant. Each call concerns one tenant, whose
 * settings and granted access arrive in the {@link dev.atrium.plugin.api.PluginContext}.
 */
package dev.atrium.plugin.api;
