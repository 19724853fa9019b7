package dev.atrium.plugin.api;

import java.util.Objects;

/**
 * One setting, declared as data so the platform validates values and renders the form itself.
 *
 * @param name key in {@link PluginContext#settings()}: lower case, digits, {@code _}
 * @param label what the form shows
 * @param help one sentence under the input, or null
 * @param type how the value is checked and edited
 * @param required whether enabling the plugin needs a value
 * @param secret never shown again after it is saved (passwords, API keys)
 * @param defaultValue used when the administrator leaves the setting empty, or null
 */
public record ConfigProperty(
        String name, String label, String help, Type type, boolean required, boolean secret, String defaultValue) {

    /** How a value is checked: text as is, numbers and booleans parsed, e-mail and URL by shape, JSON parsed. */
    public enum Type {
        TEXT,
        NUMBER,
        BOOLEAN,
        EMAIL,
        URL,
        JSON
    }

    public ConfigProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[a-z][a-z0-9_]{0,39}"))
            throw new IllegalArgumentException(
                    "setting name \"" + name + "\" must be lower case letters, digits and _");
        if (label == null || label.isBlank()) label = name;
    }

    public static ConfigProperty text(String name, String label, String help, boolean required) {
        return new ConfigProperty(name, label, help, Type.TEXT, required, false, null);
    }

    public static ConfigProperty secret(String name, String label, String help, boolean required) {
        return new ConfigProperty(name, label, help, Type.TEXT, required, true, null);
    }

    public ConfigProperty withDefault(String value) {
        return new ConfigProperty(name, label, help, type, required, secret, value);
    }

    public ConfigProperty ofType(Type newType) {
        return new ConfigProperty(name, label, help, newType, required, secret, defaultValue);
    }
}
