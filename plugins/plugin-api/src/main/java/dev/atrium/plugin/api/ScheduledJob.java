package dev.atrium.plugin.api;

/**
 * Work the platform runs on a schedule for every tenant that enabled the plugin, and on demand through
 * the plugin manager API. Runs as a durable job: at most once per tenant and fire time across all
 * nodes; an exception retries it with backoff.
 */
public interface ScheduledJob extends AtriumExtension {

    /** Unix cron with five fields, in UTC, e.g. {@code "0 3 * * *"}. */
    String cron();

    void run(PluginContext context) throws Exception;
}
