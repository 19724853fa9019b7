package dev.atrium.cli;

import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes metadata as one sparse file per entity under {@code <dir>/entities/}, the form 'metadata deploy' reads. */
public final class MetadataExport {
    private MetadataExport() {}

    public static void write(MetadataSnapshot snap, Path dir) throws IOException {
        Path entities = dir.resolve("entities");
        Files.createDirectories(entities);
        for (EntityDef e : snap.entities()) {
            java.util.List<dev.atrium.metadata.model.RuleDef> rules = new java.util.ArrayList<>();
            for (var r : e.rules()) {
                String path = r.script() != null ? r.script() : "rules/" + e.name() + "_" + r.name() + ".js";
                Path file = dir.resolve(path).normalize();
                if (!file.startsWith(dir.normalize()))
                    throw new IllegalStateException("script path " + path + " leaves the export directory");
                Files.createDirectories(file.getParent());
                Files.writeString(file, r.source());
                rules.add(new dev.atrium.metadata.model.RuleDef(
                        r.id(), r.name(), r.kind(), path, null, r.field(), r.message()));
            }
            Files.writeString(
                    entities.resolve(e.name() + ".json"),
                    MetadataWriter.json(MetadataWriter.entity(
                            e.withRules(rules), "https://atrium.dev/schemas/entity.schema.json")));
        }
    }
}
