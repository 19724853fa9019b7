package dev.atrium.metadata.model;

import java.util.Map;

/**
 * One value of a picklist. {@code id} is stable; {@code value} is what the API and the column store,
 * so renaming {@code value} (same id) migrates stored data.
 *
 * @param active inactive values stay readable on old records but cannot be newly chosen
 * @param color optional display colour for kanban and badges, e.g. {@code #2e7d32}
 */
public record PicklistValue(String id, String value, Map<String, String> label, boolean active, String color) {
    public PicklistValue {
        label = label == null ? Map.of() : Map.copyOf(label);
    }

    public PicklistValue withId(String newId) {
        return new PicklistValue(newId, value, label, active, color);
    }
}
