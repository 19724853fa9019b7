package dev.atrium.plugin.api;

import java.util.Map;

/**
 * An action workflows can run: metadata names it {@code {"type": "plugin", "plugin": "<plugin-id>/<id>",
 * "values": {...}}}. Runs as a durable job after the triggering change committed, on a virtual thread.
 *
 * <p>An exception fails the job, which is retried with backoff and then dead-lettered (visible and
 * re-runnable in the jobs API). A job can run more than once (a crashed node, a retry after a timeout):
 * use {@link Call#idempotencyKey()} to make the side effect happen once.
 */
public interface WorkflowAction extends AtriumExtension {

    /**
     * @param entity the triggering record's entity
     * @param record the committed record
     * @param params the action's {@code values}, with {@code {{field}}} placeholders filled in
     * @param idempotencyKey the same for every attempt of this action on this change
     */
    record Call(String entity, Map<String, Object> record, Map<String, Object> params, String idempotencyKey) {}

    /** Label for the workflow designer. */
    default String label() {
        return id();
    }

    /** Performs the action; returns a small JSON-able result kept on the job. */
    Map<String, Object> execute(Call call, PluginContext context) throws Exception;
}
