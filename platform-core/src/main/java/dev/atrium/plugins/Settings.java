package dev.atrium.plugins;

import dev.atrium.internal.ApiProblem;
import dev.atrium.plugin.api.ConfigProperty;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks settings against a plugin's declared {@link ConfigProperty properties}; all problems at once, each with its
 * pointer.
 */
final class Settings {
    private Settings() {}

    static Map<String, String> merge(List<ConfigProperty> declared, Map<String, String> current, JsonObject given) {
        JsonArray errors = new JsonArray();
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : given.fieldNames()) {
            if (declared.stream().noneMatch(p -> p.name().equals(k))) {
                errors.add(problem(
                        k,
                        "is not a setting of this plugin (known: "
                                + String.join(
                                        ", ",
                                        declared.stream()
                                                .map(ConfigProperty::name)
                                                .toList()) + ")"));
            }
        }
        for (ConfigProperty p : declared) {
            Object raw = given.getValue(p.name());
            String v = raw == null ? null : String.valueOf(raw).trim();
            if ((v == null || v.isEmpty()) && p.secret() && current.get(p.name()) != null) v = current.get(p.name());
            else if (raw == null && !given.containsKey(p.name()) && current.containsKey(p.name()))
                v = current.get(p.name());
            if (v == null || v.isEmpty()) v = p.defaultValue();
            if (v == null || v.isEmpty()) {
                if (p.required())
                    errors.add(problem(p.name(), "is required: " + (p.help() == null ? p.label() : p.help())));
                continue;
            }
            String bad = check(p, v);
            if (bad != null) errors.add(problem(p.name(), bad));
            out.put(p.name(), v);
        }
        if (!errors.isEmpty()) throw ApiProblem.invalid("the plugin settings are not valid", errors);
        return out;
    }

    private static JsonObject problem(String name, String message) {
        return new JsonObject().put("pointer", "/settings/" + name).put("message", message);
    }

    private static String check(ConfigProperty p, String v) {
        switch (p.type()) {
            case NUMBER -> {
                try {
                    new java.math.BigDecimal(v);
                } catch (NumberFormatException e) {
                    return "must be a number";
                }
            }
            case BOOLEAN -> {
                if (!v.equals("true") && !v.equals("false")) return "must be true or false";
            }
            case EMAIL -> {
                if (!v.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) return "must be an e-mail address";
            }
            case URL -> {
                try {
                    URI u = URI.create(v);
                    if (u.getScheme() == null
                            || !(u.getScheme().equals("http") || u.getScheme().equals("https")))
                        return "must be an http(s) address";
                } catch (IllegalArgumentException e) {
                    return "must be an http(s) address";
                }
            }
            case JSON -> {
                try {
                    io.vertx.core.json.Json.decodeValue(v);
                } catch (RuntimeException e) {
                    return "must be JSON: " + e.getMessage();
                }
            }
            default -> {}
        }
        return null;
    }
}
