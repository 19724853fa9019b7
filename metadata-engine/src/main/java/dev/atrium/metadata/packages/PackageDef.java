package dev.atrium.metadata.packages;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A package as read and checked: its manifest and its content in canonical form (entity documents as
 * the platform writes them, rule scripts inline, translations applied), ready to be merged. Stored with
 * each installation as the base the next upgrade merges from. Immutable; trees are plain JSON values.
 *
 * @param entities entity documents the package owns
 * @param extensions what it adds to entities of packages it requires ({@code entity}, {@code fields},
 *                   {@code values}, {@code rules}, {@code workflows}, {@code sections}, {@code views})
 * @param access roles, groups, permission sets and sharing rules ({@code access.json})
 * @param data sample data files, each {@code entity}, {@code key}, {@code records}
 * @param tests test cases ({@code tests/*.json})
 */
public record PackageDef(
        String id,
        String version,
        Map<String, Object> manifest,
        List<Map<String, Object>> entities,
        List<Map<String, Object>> extensions,
        Map<String, Object> access,
        List<Map<String, Object>> data,
        List<Map<String, Object>> tests,
        String readme) {

    public PackageDef {
        entities = List.copyOf(entities);
        extensions = List.copyOf(extensions);
        data = List.copyOf(data);
        tests = List.copyOf(tests);
        readme = readme == null ? "" : readme;
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> label() {
        Object l = manifest.get("label");
        return l instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of("en", id);
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> description() {
        Object d = manifest.get("description");
        return d instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    }

    /** The platform versions it works with ({@code ">=0.1.0"}), or null for any. */
    public String platformRange() {
        return requires().get("platform") instanceof String s ? s : null;
    }

    /** Packages it needs, with version ranges. */
    public Map<String, String> requiredPackages() {
        return ranges("packages");
    }

    /** Plugins it needs enabled, with version ranges. */
    public Map<String, String> requiredPlugins() {
        return ranges("plugins");
    }

    private Map<String, Object> requires() {
        return manifest.get("requires") instanceof Map<?, ?> m ? cast(m) : Map.of();
    }

    private Map<String, String> ranges(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        if (requires().get(key) instanceof Map<?, ?> m) m.forEach((k, v) -> out.put((String) k, (String) v));
        return out;
    }

    /** The entity document with this id, or null. */
    public Map<String, Object> entity(String entityId) {
        for (Map<String, Object> e : entities) if (entityId.equals(e.get("id"))) return e;
        return null;
    }

    /** The whole package as JSON text (how an installation keeps it). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manifest", manifest);
        m.put("entities", entities);
        m.put("extensions", extensions);
        m.put("access", access);
        m.put("data", data);
        m.put("tests", tests);
        m.put("readme", readme);
        return MetadataWriter.json(m);
    }

    public static PackageDef fromJson(String json) {
        Map<String, Object> m = cast(MetadataReader.plain(MetadataReader.parse(json)));
        Map<String, Object> manifest = cast(m.get("manifest"));
        return new PackageDef(
                (String) manifest.get("id"),
                (String) manifest.get("version"),
                manifest,
                list(m.get("entities")),
                list(m.get("extensions")),
                m.get("access") == null ? Map.of() : cast(m.get("access")),
                list(m.get("data")),
                list(m.get("tests")),
                (String) m.get("readme"));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }
}
