package dev.atrium.cli;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.packages.PackageReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives the entities, fields (and link fields) and picklist values of a package directory the ids a
 * package needs, derived from their names so that running it twice, or at two consultants, gives the same
 * ids. Files that already have every id are left untouched.
 */
final class PackageIds {
    private PackageIds() {}

    static int fill(Path dir) throws IOException {
        int added = 0;
        for (String folder : List.of("entities", "extensions")) {
            Path d = dir.resolve(folder);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(x -> x.toString().endsWith(".json"))
                        .sorted()
                        .toList()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> doc =
                            (Map<String, Object>) MetadataReader.plain(MetadataReader.parse(Files.readString(f)));
                    int before = added;
                    String entity = (String) (doc.containsKey("entity") ? doc.get("entity") : doc.get("name"));
                    if (folder.equals("entities") && !doc.containsKey("id")) {
                        doc = withId(doc, PackageReader.derivedId("ent_", "package", entity));
                        added++;
                    }
                    added += fields(doc, entity);
                    if (doc.get("values") instanceof Map<?, ?> values) {
                        for (var v : values.entrySet()) added += values(v.getValue(), entity + "." + v.getKey());
                    }
                    if (added > before) Files.writeString(f, MetadataWriter.json(doc));
                }
            }
        }
        return added;
    }

    @SuppressWarnings("unchecked")
    private static int fields(Map<String, Object> owner, String path) {
        int added = 0;
        if (!(owner.get("fields") instanceof List<?> fields)) return 0;
        for (int i = 0; i < fields.size(); i++) {
            Map<String, Object> f = (Map<String, Object>) fields.get(i);
            String fieldPath = path + "." + f.get("name");
            if (!f.containsKey("id")) {
                f = withId(f, PackageReader.derivedId("fld_", "package", fieldPath));
                ((List<Object>) fields).set(i, f);
                added++;
            }
            added += values(f.get("values"), fieldPath);
            Map<String, Object> asOwner = new LinkedHashMap<>();
            asOwner.put("fields", f.get("linkFields"));
            added += fields(asOwner, fieldPath);
        }
        return added;
    }

    @SuppressWarnings("unchecked")
    private static int values(Object list, String fieldPath) {
        int added = 0;
        if (!(list instanceof List<?> values)) return 0;
        for (int i = 0; i < values.size(); i++) {
            Map<String, Object> v = (Map<String, Object>) values.get(i);
            if (!v.containsKey("id")) {
                ((List<Object>) values).set(i, withId(v, PackageReader.derivedId("pv_", fieldPath, (String)
                        v.get("value"))));
                added++;
            }
        }
        return added;
    }

    /** The map with {@code id} first (after {@code $schema}), as the files put it. */
    private static Map<String, Object> withId(Map<String, Object> m, String id) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (m.containsKey("$schema")) out.put("$schema", m.get("$schema"));
        out.put("id", id);
        m.forEach(out::putIfAbsent);
        return out;
    }
}
