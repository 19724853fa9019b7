package dev.atrium.metadata.model;

import java.util.List;
import java.util.Map;

/**
 * A record-triggered workflow: when a record of the entity is created, updated or deleted (optionally:
 * only when one of {@code fields} changed) and, at the time it runs, matches {@code condition}, its
 * actions run as durable jobs after the change committed.
 *
 * @param on any of {@code create}, {@code update}, {@code delete}
 * @param fields for updates: run only when one of these fields changed (empty: any change)
 * @param condition filter expression on the record (the filter language), or null
 * @param conditionScript JavaScript (a rule body: {@code record}, {@code user}, {@code now}...) that must
 *                        return true for the actions to run, when a filter cannot say it; or null
 */
public record WorkflowDef(
        String id,
        String name,
        List<String> on,
        List<String> fields,
        String condition,
        List<Action> actions,
        Timer at,
        String cron,
        String conditionScript) {

    /** Without a script condition. */
    public WorkflowDef(
            String id,
            String name,
            List<String> on,
            List<String> fields,
            String condition,
            List<Action> actions,
            Timer at,
            String cron) {
        this(id, name, on, fields, condition, actions, at, cron, null);
    }

    public WorkflowDef(
            String id,
            String name,
            List<String> on,
            List<String> fields,
            String condition,
            List<Action> actions,
            Timer at) {
        this(id, name, on, fields, condition, actions, at, null);
    }

    /**
     * For {@code on: ["time"]}: the workflow runs once per record when the clock passes the date-time
     * {@code field} shifted by {@code days} and {@code hours} (negative: before it).
     *
     * @param pauseWhen an SLA pause: while the record matches this condition (the filter language) its
     *                  clock stops, and the due time moves later by every paused stretch; null: never pauses
     */
    public record Timer(String field, int days, int hours, String pauseWhen) {
        public Timer(String field, int days, int hours) {
            this(field, days, hours, null);
        }
    }

    public WorkflowDef(
            String id, String name, List<String> on, List<String> fields, String condition, List<Action> actions) {
        this(id, name, on, fields, condition, actions, null, null);
    }

    public WorkflowDef {
        on = on == null ? List.of() : List.copyOf(on);
        fields = fields == null ? List.of() : List.copyOf(fields);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    public WorkflowDef withId(String newId) {
        return new WorkflowDef(newId, name, on, fields, condition, actions, at, cron, conditionScript);
    }

    /**
     * One action: {@code update} sets {@code values} on the triggering record; {@code create} creates a
     * record of {@code entity} with {@code values}. A value that is a string {@code "{{field}}"} takes the
     * triggering record's field; {@code "{{id}}"} its id; {@code "{{today+N}}"} a date N days ahead.
     * {@code webhook} posts the record, signed, to {@code url}. {@code plugin} runs the plugin action
     * {@code plugin} ({@code "<plugin-id>/<action-id>"}) with {@code values} as its parameters.
     */
    public record Action(String type, String entity, Map<String, Object> values, String url, String plugin) {
        public Action {
            values = values == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }

        public Action(String type, String entity, Map<String, Object> values, String url) {
            this(type, entity, values, url, null);
        }
    }
}
