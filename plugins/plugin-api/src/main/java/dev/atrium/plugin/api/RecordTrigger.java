package dev.atrium.plugin.api;

import java.util.Map;

/**
 * Code that runs when records of {@link #entity()} are written.
 *
 * <p>{@link #beforeSave} runs inside the write, after the tenant's own rules, on the request's virtual
 * thread: it may change {@link Change#record()} or throw {@link RecordRejected}. Any other exception or a
 * missed deadline fails the write with the plugin named. {@link #afterCommit} runs later as a durable job
 * on the committed record (retried, then dead-lettered); it must not assume it runs only once.
 */
public interface RecordTrigger extends AtriumExtension {

    /**
     * @param action {@code create}, {@code update} or {@code delete}
     * @param record for before-save: the values being written (mutable); after commit: the committed record
     * @param old the record before the change; null on create
     */
    record Change(String entity, String action, Map<String, Object> record, Map<String, Object> old) {}

    /** Entity API name this trigger watches. */
    String entity();

    default void beforeSave(Change change, PluginContext context) {}

    default void afterCommit(Change change, PluginContext context) throws Exception {}
}
