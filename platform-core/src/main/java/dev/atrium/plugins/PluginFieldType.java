package dev.atrium.plugins;

import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.types.Column;
import dev.atrium.metadata.types.ColumnKind;
import dev.atrium.metadata.types.FieldType;
import dev.atrium.metadata.types.InvalidValueException;
import dev.atrium.plugin.api.FieldTypeExtension;
import java.util.List;
import java.util.Map;

/**
 * A plugin's field type as the metadata engine sees it: one text column, validated and normalized by
 * the plugin on every write. It stays registered when its plugin stops, so existing values remain
 * readable; writes are then refused with a message saying which plugin is missing.
 */
final class PluginFieldType implements FieldType {
    private final String name;
    private final String plugin;
    private final int maxLength;
    private final PluginHost host;

    PluginFieldType(String name, String plugin, int maxLength, PluginHost host) {
        this.name = name;
        this.plugin = plugin;
        this.maxLength = maxLength;
        this.host = host;
    }

    String plugin() {
        return plugin;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Column> columns(FieldDef field) {
        return List.of(new Column(field.name(), "varchar(" + maxLength + ")", ColumnKind.TEXT));
    }

    @Override
    public Map<String, Object> jsonSchema(FieldDef field) {
        return Map.of("type", "string", "maxLength", maxLength, "x-atrium-plugin", plugin);
    }

    @Override
    public List<Object> toColumns(FieldDef field, Object json) throws InvalidValueException {
        if (!(json instanceof String s)) throw new InvalidValueException("must be text");
        FieldTypeExtension ext = host.fieldTypeExtension(plugin, name)
                .orElseThrow(() -> new InvalidValueException("cannot be checked: the plugin \"" + plugin
                        + "\" that provides the type " + name + " is not running"));
        String[] out = new String[2];
        try {
            host.calls().call(plugin, "checking a " + name + " value", () -> {
                String normalized = ext.normalize(s);
                out[0] = normalized;
                out[1] = normalized == null ? "is empty" : ext.validate(normalized);
                return null;
            });
        } catch (PluginFailure f) {
            throw new InvalidValueException("could not be checked: " + f.getMessage());
        }
        if (out[1] != null) throw new InvalidValueException(out[1]);
        if (out[0].length() > maxLength) throw new InvalidValueException("is longer than " + maxLength + " characters");
        return java.util.Collections.singletonList(out[0]);
    }

    @Override
    public Object fromColumns(FieldDef field, List<Object> columnValues) {
        return columnValues.get(0);
    }

    @Override
    public boolean textual() {
        return true;
    }

    @Override
    public List<String> attributes() {
        return List.of("unique", "indexed", "searchable", "externalId", "default");
    }
}
