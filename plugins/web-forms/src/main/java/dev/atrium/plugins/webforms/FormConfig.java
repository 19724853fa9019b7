package dev.atrium.plugins.webforms;

import dev.atrium.plugin.api.JsonText;
import dev.atrium.plugin.api.PluginException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code forms} setting, parsed: {@code {"<form>": {"entity": "lead", "fields": {"<input>": "<field>"},
 * "fixed": {"<field>": value}, "required": ["<input>"]}}}. A tiny JSON reader keeps the plugin free of
 * libraries; it accepts the JSON the platform already validated as JSON.
 */
final class FormConfig {
    record Form(
            String name,
            String entity,
            Map<String, String> fields,
            Map<String, Object> fixed,
            java.util.List<String> required) {}

    private FormConfig() {}

    @SuppressWarnings("unchecked")
    static Map<String, Form> parse(String json) {
        Object root = JsonText.parse(json == null ? "{}" : json);
        if (!(root instanceof Map<?, ?> m))
            throw new PluginException("the forms setting must be a JSON object of forms");
        Map<String, Form> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> f) || !(f.get("entity") instanceof String entity)) {
                throw new PluginException("form \"" + name + "\" needs an \"entity\"");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            if (f.get("fields") instanceof Map<?, ?> fm)
                fm.forEach((k, v) -> fields.put(String.valueOf(k), String.valueOf(v)));
            Map<String, Object> fixed =
                    f.get("fixed") instanceof Map<?, ?> x ? new LinkedHashMap<>((Map<String, Object>) x) : Map.of();
            java.util.List<String> required = new java.util.ArrayList<>();
            if (f.get("required") instanceof java.util.List<?> l) for (Object o : l) required.add(String.valueOf(o));
            out.put(name, new Form(name, entity, fields, fixed, required));
        }
        return out;
    }
}
