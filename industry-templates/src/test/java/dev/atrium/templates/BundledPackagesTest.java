package dev.atrium.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.packages.Contributions;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageFiles;
import dev.atrium.metadata.packages.PackageReader;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.metadata.validate.MetadataValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every bundled package reads, and with the packages it requires forms valid metadata; the build fails otherwise. */
class BundledPackagesTest {
    private static final Path ROOT = Path.of(".");

    private static List<String> listed() throws IOException {
        List<String> ids = new ArrayList<>();
        MetadataReader.parse(Files.readString(ROOT.resolve("packages.json"))).forEach(n -> ids.add(n.asString()));
        return ids;
    }

    @Test
    void everyPackageFolderIsListedInDependencyOrder() throws IOException {
        Set<String> folders = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve("package.json")))
                    .forEach(d -> folders.add(d.getFileName().toString()));
        }
        List<String> ids = listed();
        assertEquals(folders, new TreeSet<>(ids), "packages.json lists every package folder");
        for (int i = 0; i < ids.size(); i++) {
            PackageDef p = PackageReader.read(PackageFiles.directory(ROOT.resolve(ids.get(i))));
            assertEquals(ids.get(i), p.id(), "a package's folder is named after its id");
            for (String required : p.requiredPackages().keySet()) {
                assertTrue(ids.subList(0, i).contains(required), p.id() + " is listed after " + required);
            }
        }
    }

    @Test
    void eachPackageWithWhatItRequiresIsValidMetadata() throws IOException {
        Map<String, PackageDef> read = new LinkedHashMap<>();
        for (String id : listed()) read.put(id, PackageReader.read(PackageFiles.directory(ROOT.resolve(id))));
        for (PackageDef p : read.values()) {
            List<PackageDef> set = new ArrayList<>();
            for (String r : p.requiredPackages().keySet()) set.add(read.get(r));
            set.add(p);
            Contributions layer = Contributions.of(set);
            List<MetadataDocument> docs = new ArrayList<>();
            for (var e : layer.entities.entrySet()) {
                docs.add(new MetadataDocument(e.getKey(), MetadataReader.parse(MetadataWriter.json(e.getValue()))));
            }
            MetadataValidator.Result r = new MetadataValidator(FieldTypeRegistry.builtIn()).validate(docs);
            assertTrue(r.ok(), p.id() + " must validate with what it requires: " + r.problems());
        }
    }

    @Test
    void crmCoreHasTheEntitiesEveryCrmStartsFromInFourLanguages() throws IOException {
        PackageDef core = PackageReader.read(PackageFiles.directory(ROOT.resolve("crm-core")));
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> e : core.entities()) {
            names.add((String) e.get("name"));
            assertTrue(labels(e.get("label")).containsAll(Set.of("en", "es", "zh-CN", "ru")), e.get("name") + " label");
            for (Map<String, Object> f : PackageDef.list(e.get("fields"))) {
                assertTrue(
                        labels(f.get("label")).containsAll(Set.of("en", "es", "zh-CN", "ru")),
                        e.get("name") + "." + f.get("name") + " label");
            }
        }
        assertTrue(
                names.containsAll(Set.of(
                        "account",
                        "contact",
                        "lead",
                        "opportunity",
                        "product",
                        "price_book",
                        "quote",
                        "quote_line",
                        "order",
                        "order_line",
                        "contract",
                        "invoice",
                        "payment",
                        "activity",
                        "task",
                        "campaign",
                        "case",
                        "knowledge_article")),
                names.toString());
    }

    private static Set<String> labels(Object labels) {
        return labels instanceof Map<?, ?> m ? new TreeSet<>(PackageDef.cast(m).keySet()) : Set.of();
    }
}
