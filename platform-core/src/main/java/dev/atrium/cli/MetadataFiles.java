package dev.atrium.cli;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.validate.MetadataDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Metadata as code: the entity files ({@code *.entity.json}, or {@code *.json} in an {@code entities}
 * folder) and rule scripts of a directory, for {@code atrium metadata deploy|validate|diff}.
 */
public final class MetadataFiles {
    private MetadataFiles() {}

    /** Entity documents of a directory: every {@code *.json} below it (sorted), each one entity. */
    public static List<MetadataDocument> directory(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<MetadataDocument> docs = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".entity.json")
                            || (f.toString().endsWith(".json")
                                    && f.getParent().getFileName().toString().equals("entities")))
                    .sorted()
                    .toList()) {
                docs.add(new MetadataDocument(dir.relativize(p).toString(), MetadataReader.parse(Files.readString(p))));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Script files under a metadata directory, by path relative to it ({@code rules/x.js}). */
    public static java.util.Map<String, String> scripts(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            java.util.Map<String, String> out = new java.util.TreeMap<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}
