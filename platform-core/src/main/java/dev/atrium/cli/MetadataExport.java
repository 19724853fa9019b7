package dev.atrium.cli;

import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes metadata as one sparse file per entity under {@code <dir>/entities/}, the form 'metadata deploy' reads. */
public final class MetadataExport {
    private MetadataExport() {
    }

    public static void write(MetadataSnapshot snap, Path dir) throws IOException {
        Path entities = dir.resolve("entities");
        Files.createDirectories(entities);
        for (EntityDef e : snap.entities()) {
            Files.writeString(entities.resolve(e.name() + ".json"), MetadataWriter.json(MetadataWriter.entity(e, "https://atrium.dev/schemas/entity.schema.json")));
        }
    }
}
