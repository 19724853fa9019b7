package dev.atrium.metadata.model;

import java.util.List;
import java.util.Map;

/**
 * Allowed moves of a picklist field (an opportunity's stage, a case's status). A change not listed is
 * rejected; entry actions are workflows on a change of the field with a condition on its new value.
 *
 * @param field the picklist field
 * @param initial values a new record may start in (empty: any)
 * @param transitions for each value, the values it may move to
 * @param guards for a value, a condition (the filter language) the record must meet, with the change
 *               applied, to enter that value (e.g. {@code "won": "close_date is not null and amount > 0"})
 */
public record StateMachineDef(
        String field, List<String> initial, Map<String, List<String>> transitions, Map<String, String> guards) {
    public StateMachineDef {
        initial = initial == null ? List.of() : List.copyOf(initial);
        transitions = transitions == null ? Map.of() : Map.copyOf(transitions);
        guards = guards == null ? Map.of() : Map.copyOf(guards);
    }

    public StateMachineDef(String field, List<String> initial, Map<String, List<String>> transitions) {
        this(field, initial, transitions, Map.of());
    }
}
