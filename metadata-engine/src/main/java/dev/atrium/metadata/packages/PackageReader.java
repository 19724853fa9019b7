package dev.atrium.metadata.packages;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.RuleDef;
import dev.atrium.metadata.model.WorkflowDef;
import dev.atrium.metadata.validate.Problem;
import dev.atrium.metadata.validate.SchemaCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a package's files into a {@link PackageDef}: each file checked against its JSON Schema, ids
 * required where an upgrade must recognise a renamed thing (entities, fields, picklist values), rule
 * scripts resolved, translations applied, everything in the canonical form the platform writes. Every
 * problem is collected (file and pointer) and reported at once. Pure.
 */
public final class PackageReader {
    private static final SchemaCheck MANIFEST = new SchemaCheck("package.schema.json");
    private static final SchemaCheck ENTITY = new SchemaCheck("entity.schema.json");
    private static final SchemaCheck EXTENSION = new SchemaCheck("extension.schema.json");
    private static final SchemaCheck ACCESS = new SchemaCheck("access.schema.json");
    private static final SchemaCheck DATA = new SchemaCheck("data.schema.json");
    private static final SchemaCheck TEST = new SchemaCheck("package-test.schema.json");

    private final Map<String, String> files;
    private final List<Problem> problems = new ArrayList<>();

    private PackageReader(Map<String, String> files) {
        this.files = files;
    }

    /** The package, or a {@link PackageException} listing every problem. */
    public static PackageDef read(Map<String, String> files) {
        return new PackageReader(files).read();
    }

    private PackageDef read() {
        JsonNode manifest = json("package.json", MANIFEST);
        if (manifest == null) throw failed();
        List<Map<String, Object>> entities = new ArrayList<>();
        List<Map<String, Object>> extensions = new ArrayList<>();
        List<Map<String, Object>> data = new ArrayList<>();
        List<Map<String, Object>> tests = new ArrayList<>();
        Map<String, Object> access = Map.of();
        for (String path : files.keySet()) {
            if (path.startsWith("entities/")) entity(path, entities);
            if (path.startsWith("extensions/")) extension(path, extensions);
            if (path.startsWith("data/")) add(data, json(path, DATA));
            if (path.startsWith("tests/")) add(tests, json(path, TEST));
            if (path.equals("access.json")) {
                JsonNode a = json(path, ACCESS);
                if (a != null) access = PackageDef.cast(plain(a));
            }
        }
        Map<String, Object> plainManifest = PackageDef.cast(plain(manifest));
        plainManifest.remove("$schema");
        for (String path : files.keySet()) {
            if (path.startsWith("i18n/")) {
                Translations.apply(path, files.get(path), plainManifest, entities, extensions, problems);
            }
        }
        if (!problems.isEmpty()) throw failed();
        return new PackageDef(
                manifest.get("id").asString(),
                manifest.get("version").asString(),
                plainManifest,
                entities,
                extensions,
                access,
                data,
                tests,
                files.get("README.md"));
    }

    private PackageException failed() {
        Problem first = problems.get(0);
        return new PackageException(
                problems.size() + " problem(s) in the package; first: " + first.document() + first.pointer() + ": "
                        + first.message(),
                problems);
    }

    private JsonNode json(String path, SchemaCheck schema) {
        String text = files.get(path);
        if (text == null) {
            problems.add(new Problem(path, "", "the package has no " + path));
            return null;
        }
        JsonNode node;
        try {
            node = MetadataReader.parse(text);
        } catch (JacksonException e) {
            problems.add(new Problem(path, "", "not valid JSON: " + e.getOriginalMessage()));
            return null;
        }
        if (!node.isObject()) {
            problems.add(new Problem(path, "", "must be a JSON object"));
            return null;
        }
        if (schema != null) {
            List<Problem> found = schema.check(path, node);
            problems.addAll(found);
            if (!found.isEmpty()) return null;
        }
        return node;
    }

    private void entity(String path, List<Map<String, Object>> out) {
        JsonNode n = json(path, ENTITY);
        if (n == null) return;
        requireId(path, "", n, "the entity");
        JsonNode fields = n.path("fields");
        for (int i = 0; i < fields.size(); i++) field(path, "/fields/" + i, fields.get(i));
        EntityDef e = ids(MetadataReader.entity(n));
        e = e.withRules(scripts(path, e.rules()));
        out.add(canonical(e));
    }

    private void field(String path, String at, JsonNode f) {
        requireId(path, at, f, "field " + f.path("name").asString(""));
        JsonNode values = f.path("values");
        for (int v = 0; v < values.size(); v++) {
            requireId(
                    path,
                    at + "/values/" + v,
                    values.get(v),
                    "picklist value " + values.get(v).path("value").asString(""));
        }
    }

    /**
     * Rules and workflows without an id get one derived from the entity and their name: the same in every
     * version and at every organisation, so an upgrade recognises them (a deployment would invent a random one).
     */
    private static EntityDef ids(EntityDef e) {
        String owner = e.id() != null ? e.id() : e.name();
        List<RuleDef> rules = new ArrayList<>();
        for (RuleDef r : e.rules()) rules.add(r.id() != null ? r : r.withId(derivedId("rul_", owner, r.name())));
        List<WorkflowDef> workflows = new ArrayList<>();
        for (WorkflowDef w : e.workflows()) {
            workflows.add(w.id() != null ? w : w.withId(derivedId("wf_", owner, w.name())));
        }
        return e.withRules(rules).withWorkflows(workflows);
    }

    public static String derivedId(String prefix, String owner, String name) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((owner + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return prefix + java.util.HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void requireId(String path, String at, JsonNode n, String what) {
        if (!n.hasNonNull("id")) {
            problems.add(new Problem(
                    path,
                    at + "/id",
                    what + " needs an \"id\": a package's entities, fields and picklist values carry ids, so that a"
                            + " later version can rename them (./atrium package ids DIR adds them)"));
        }
    }

    private List<RuleDef> scripts(String path, List<RuleDef> rules) {
        List<RuleDef> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            RuleDef r = rules.get(i);
            if (r.source() == null && r.script() != null) {
                String source = files.get(r.script());
                if (source == null) {
                    problems.add(new Problem(path, "/rules/" + i + "/script", "the package has no file " + r.script()));
                } else {
                    r = r.withSource(source);
                }
            }
            out.add(r);
        }
        return out;
    }

    /**
     * An extension in canonical form: its fields, rules, workflows, sections and views are read as parts of
     * an entity (so they are written exactly as an entity's are), its picklist values as a picklist's.
     */
    private void extension(String path, List<Map<String, Object>> out) {
        JsonNode n = json(path, EXTENSION);
        if (n == null) return;
        JsonNode fields = n.path("fields");
        for (int i = 0; i < fields.size(); i++) field(path, "/fields/" + i, fields.get(i));
        ObjectNode asEntity = MetadataReader.JSON.createObjectNode();
        asEntity.put("name", n.get("entity").asString());
        asEntity.set("fields", fields.isMissingNode() ? MetadataReader.JSON.createArrayNode() : fields);
        if (n.has("rules")) asEntity.set("rules", n.get("rules"));
        if (n.has("workflows")) asEntity.set("workflows", n.get("workflows"));
        EntityDef e = ids(MetadataReader.entity(asEntity));
        e = e.withRules(scripts(path, e.rules()));
        Map<String, Object> written = canonical(e);
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("entity", e.name());
        ext.put("file", path);
        copy(written, ext, "fields");
        copy(written, ext, "rules");
        copy(written, ext, "workflows");
        if (n.has("values")) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> v : n.get("values").properties()) {
                String at = "/values/" + v.getKey();
                for (int i = 0; i < v.getValue().size(); i++) {
                    requireId(path, at + "/" + i, v.getValue().get(i), "picklist value");
                }
                ObjectNode picklist = MetadataReader.JSON.createObjectNode();
                picklist.put("name", v.getKey());
                picklist.put("type", "picklist");
                picklist.set("values", v.getValue());
                FieldDef f = MetadataReader.field(picklist);
                values.put(
                        v.getKey(),
                        PackageDef.cast(plain(MetadataWriter.field(f))).get("values"));
            }
            ext.put("values", values);
        }
        if (n.has("sections")) ext.put("sections", plain(n.get("sections")));
        if (n.has("views")) ext.put("views", plain(n.get("views")));
        if (n.has("portal")) ext.put("portal", plain(n.get("portal")));
        out.add(ext);
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String key) {
        Object v = from.get(key);
        if (v instanceof List<?> l && !l.isEmpty()) to.put(key, v);
    }

    /** The entity as the platform writes it (with rule sources), as a plain tree. */
    public static Map<String, Object> canonical(EntityDef e) {
        return MetadataWriter.tree(e);
    }

    private static Object plain(JsonNode n) {
        return MetadataReader.plain(n);
    }

    private static Object plain(Map<String, Object> m) {
        return plain(MetadataReader.parse(MetadataWriter.json(m)));
    }

    private static void add(List<Map<String, Object>> out, JsonNode n) {
        if (n != null) out.add(PackageDef.cast(plain(n)));
    }
}
