package dev.atrium.plugin.api;

import java.util.Map;
import java.util.Set;

/**
 * Receives platform events after they committed, as durable jobs (retried, then dead-lettered; a
 * listener may see an event more than once). Event names: {@code record.created}, {@code record.updated},
 * {@code record.deleted}; {@link #entities()} narrows them to some entities.
 */
public interface EventListener extends AtriumExtension {

    /**
     * @param name e.g. {@code record.created}
     * @param entity the record's entity
     * @param recordId the record's id
     * @param data the committed record (empty after a delete)
     */
    record Event(String name, String entity, String recordId, Map<String, Object> data) {}

    Set<String> events();

    /** Entities whose events this listener wants; empty for all. */
    default Set<String> entities() {
        return Set.of();
    }

    void onEvent(Event event, PluginContext context) throws Exception;
}
