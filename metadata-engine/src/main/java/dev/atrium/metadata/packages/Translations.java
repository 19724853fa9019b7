package dev.atrium.metadata.packages;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.validate.Problem;
import dev.atrium.metadata.validate.SchemaCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Applies {@code i18n/<locale>.json}: every text of the package in one language, kept in one file a
 * translator can be sent. A text there overrides the same label written inline. Each name must be one the
 * package defines (its entities, or what its extensions add), so a typo is a problem, not a silent no-op.
 */
final class Translations {
    private static final SchemaCheck SCHEMA = new SchemaCheck("translations.schema.json");
    private static final Pattern LOCALE = Pattern.compile("i18n/([a-z]{2,3}(-[A-Za-z0-9]{2,8})*)\\.json");

    private Translations() {}

    static void apply(
            String path,
            String text,
            Map<String, Object> manifest,
            List<Map<String, Object>> entities,
            List<Map<String, Object>> extensions,
            List<Problem> problems) {
        var m = LOCALE.matcher(path);
        if (!m.matches()) {
            problems.add(new Problem(
                    path, "", "a translation file is named after its locale: i18n/es.json, i18n/zh-CN.json"));
            return;
        }
        String locale = m.group(1);
        JsonNode n;
        try {
            n = MetadataReader.parse(text);
        } catch (JacksonException e) {
            problems.add(new Problem(path, "", "not valid JSON: " + e.getOriginalMessage()));
            return;
        }
        List<Problem> found = SCHEMA.check(path, n);
        problems.addAll(found);
        if (!found.isEmpty()) return;
        JsonNode pkg = n.path("package");
        if (pkg.has("label")) label(manifest, "label", locale, pkg.get("label").asString());
        if (pkg.has("description"))
            label(manifest, "description", locale, pkg.get("description").asString());
        for (Map.Entry<String, JsonNode> e : n.path("entities").properties()) {
            String at = "/entities/" + e.getKey();
            Map<String, Object> entity = byName(entities, "name", e.getKey());
            List<Map<String, Object>> exts = extensions.stream()
                    .filter(x -> e.getKey().equals(x.get("entity")))
                    .toList();
            if (entity == null && exts.isEmpty()) {
                problems.add(
                        new Problem(path, at, "the package has no entity \"" + e.getKey() + "\" and extends none"));
                continue;
            }
            entity(path, at, locale, e.getValue(), entity, exts, problems);
        }
    }

    private static void entity(
            String path,
            String at,
            String locale,
            JsonNode t,
            Map<String, Object> entity,
            List<Map<String, Object>> exts,
            List<Problem> problems) {
        for (String key : List.of("label", "pluralLabel", "description")) {
            if (!t.has(key)) continue;
            if (entity == null) {
                problems.add(new Problem(path, at + "/" + key, "only the package that owns an entity names it"));
            } else {
                label(entity, key, locale, t.get(key).asString());
            }
        }
        for (Map.Entry<String, JsonNode> f : t.path("fields").properties()) {
            Map<String, Object> field = find(entity, exts, "fields", "name", f.getKey());
            String fat = at + "/fields/" + f.getKey();
            if (field == null) {
                problems.add(new Problem(path, fat, "the package defines no field \"" + f.getKey() + "\" here"));
                continue;
            }
            if (f.getValue().has("label"))
                label(field, "label", locale, f.getValue().get("label").asString());
            if (f.getValue().has("help"))
                label(field, "help", locale, f.getValue().get("help").asString());
            for (Map.Entry<String, JsonNode> v : f.getValue().path("values").properties()) {
                Map<String, Object> value = byName(PackageDef.list(field.get("values")), "value", v.getKey());
                if (value == null) value = extensionValue(exts, f.getKey(), v.getKey());
                if (value == null) {
                    problems.add(new Problem(path, fat + "/values/" + v.getKey(), "no such picklist value"));
                } else {
                    label(value, "label", locale, v.getValue().asString());
                }
            }
        }
        for (Map.Entry<String, JsonNode> r : t.path("rules").properties()) {
            Map<String, Object> rule = find(entity, exts, "rules", "name", r.getKey());
            if (rule == null) {
                problems.add(new Problem(path, at + "/rules/" + r.getKey(), "the package defines no such rule here"));
            } else {
                label(rule, "message", locale, r.getValue().asString());
            }
        }
        for (Map.Entry<String, JsonNode> s : t.path("sections").properties()) {
            Map<String, Object> section = section(entity, exts, s.getKey());
            if (section == null) {
                problems.add(new Problem(path, at + "/sections/" + s.getKey(), "no layout section with this id"));
            } else {
                label(section, "label", locale, s.getValue().asString());
            }
        }
    }

    /** An element of the entity's list {@code list}, or of an extension's, with {@code key} = {@code name}. */
    private static Map<String, Object> find(
            Map<String, Object> entity, List<Map<String, Object>> exts, String list, String key, String name) {
        Map<String, Object> found = entity == null ? null : byName(PackageDef.list(entity.get(list)), key, name);
        for (Map<String, Object> x : exts) {
            if (found == null) found = byName(PackageDef.list(x.get(list)), key, name);
        }
        return found;
    }

    private static Map<String, Object> extensionValue(List<Map<String, Object>> exts, String field, String value) {
        for (Map<String, Object> x : exts) {
            if (x.get("values") instanceof Map<?, ?> values && values.get(field) instanceof List<?> l) {
                Map<String, Object> v = byName(PackageDef.list(l), "value", value);
                if (v != null) return v;
            }
        }
        return null;
    }

    private static Map<String, Object> section(Map<String, Object> entity, List<Map<String, Object>> exts, String id) {
        if (entity != null
                && entity.get("ui") instanceof Map<?, ?> ui
                && ui.get("layout") instanceof Map<?, ?> layout) {
            Map<String, Object> s = byName(PackageDef.list(layout.get("sections")), "id", id);
            if (s != null) return s;
        }
        for (Map<String, Object> x : exts) {
            Map<String, Object> s = byName(PackageDef.list(x.get("sections")), "id", id);
            if (s != null) return s;
        }
        return null;
    }

    private static Map<String, Object> byName(List<Map<String, Object>> list, String key, String name) {
        for (Map<String, Object> m : list) if (name.equals(m.get(key))) return m;
        return null;
    }

    private static void label(Map<String, Object> owner, String key, String locale, String text) {
        Map<String, Object> labels =
                owner.get(key) instanceof Map<?, ?> m ? new LinkedHashMap<>(PackageDef.cast(m)) : new LinkedHashMap<>();
        labels.put(locale, text);
        owner.put(key, labels);
    }
}
