package dev.atrium.metadata.model;

import java.util.Map;

/**
 * A JavaScript rule of an entity, run on every create and update through the records API.
 *
 * @param id stable id
 * @param name API name, used in error messages
 * @param kind {@code validation} (returns false or calls {@code error(field, message)} to reject),
 *             {@code before_save} (may change {@code record} or reject it),
 *             {@code default} (returns the value of {@code field} on create when the client gave none)
 * @param script path of the {@code .js} file, relative to the metadata directory
 * @param source the script's text (resolved at deployment, stored with the metadata version)
 * @param field the field a validation message belongs to, or the field a default fills
 * @param message translated message shown when a validation rule returns false
 */
public record RuleDef(
        String id, String name, String kind, String script, String source, String field, Map<String, String> message) {
    public RuleDef {
        message = message == null ? Map.of() : Map.copyOf(message);
    }

    public RuleDef withSource(String newSource) {
        return new RuleDef(id, name, kind, script, newSource, field, message);
    }

    public RuleDef withId(String newId) {
        return new RuleDef(newId, name, kind, script, source, field, message);
    }
}
