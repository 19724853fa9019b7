package dev.atrium.packages;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageException;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Loads a package's sample data through the records API's write path (types, required fields, rules),
 * in the installation's transaction. A lookup to another sample record is written as that record's key
 * (the data file's {@code key} field, default the entity's title field); files load in the order their
 * references need. Any refused record stops the installation with its file and index.
 */
final class PackageData {
    private static final Pattern UUID_TEXT =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private PackageData() {}

    /** Creates every sample record; returns how many per entity. */
    static JsonObject load(SqlConnection conn, RecordService records, RecordContext ctx, PackageDef p) {
        Map<String, Map<String, UUID>> keys = new HashMap<>();
        JsonObject counts = new JsonObject();
        for (Map<String, Object> file : ordered(p.data(), ctx)) {
            String entity = (String) file.get("entity");
            EntityDef e = ctx.snapshot()
                    .entity(entity)
                    .orElseThrow(() -> new PackageException(
                            "sample data for " + entity + ", which is not an entity after the installation"));
            String key = file.get("key") instanceof String k ? k : e.titleField();
            List<Map<String, Object>> rows = PackageDef.list(file.get("records"));
            for (int i = 0; i < rows.size(); i++) {
                JsonObject body = new JsonObject(new LinkedHashMap<>(rows.get(i)));
                resolve(e, body, keys, ctx);
                JsonObject created;
                try {
                    created = records.createIn(conn, ctx, e, body);
                } catch (ApiProblem problem) {
                    throw new PackageException("sample data " + entity + " record " + i + ": " + problem.getMessage());
                }
                if (key != null && body.getValue(key) != null) {
                    keys.computeIfAbsent(entity, k -> new HashMap<>())
                            .put(String.valueOf(body.getValue(key)), UUID.fromString(created.getString("id")));
                }
            }
            counts.put(entity, counts.getInteger(entity, 0) + rows.size());
        }
        return counts;
    }

    /** Lookup values that are keys of sample records become those records' ids. */
    private static void resolve(EntityDef e, JsonObject body, Map<String, Map<String, UUID>> keys, RecordContext ctx) {
        for (FieldDef f : e.fields()) {
            Object v = body.getValue(f.name());
            if (f.target() == null || v == null) continue;
            Map<String, UUID> known = keys.getOrDefault(f.target(), Map.of());
            if (v instanceof String s && !UUID_TEXT.matcher(s).matches()) {
                UUID id = known.get(s);
                if (id == null) {
                    throw new PackageException("sample data " + e.name() + "." + f.name() + " refers to \"" + s
                            + "\", which no sample " + f.target() + " has as its key");
                }
                body.put(f.name(), id.toString());
            } else if (v instanceof JsonArray list) {
                JsonArray ids = new JsonArray();
                for (Object item : list) {
                    UUID id = item instanceof String s ? known.get(s) : null;
                    ids.add(id != null ? id.toString() : item);
                }
                body.put(f.name(), ids);
            }
        }
    }

    /** Data files ordered so that a file comes after the files of the entities its lookups point at. */
    private static List<Map<String, Object>> ordered(List<Map<String, Object>> files, RecordContext ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Map<String, Object>> pending = new ArrayList<>(files);
        while (!pending.isEmpty()) {
            boolean progressed = false;
            for (Map<String, Object> f : List.copyOf(pending)) {
                EntityDef e = ctx.snapshot().entity((String) f.get("entity")).orElse(null);
                boolean ready = e == null
                        || e.fields().stream()
                                .filter(x -> x.target() != null && !x.target().equals(e.name()))
                                .allMatch(x -> pending.stream()
                                                .noneMatch(o -> x.target().equals(o.get("entity")))
                                        || out.stream().anyMatch(o -> x.target().equals(o.get("entity"))));
                if (ready) {
                    out.add(f);
                    pending.remove(f);
                    progressed = true;
                }
            }
            if (!progressed) {
                out.addAll(pending);
                break;
            }
        }
        return out;
    }
}
