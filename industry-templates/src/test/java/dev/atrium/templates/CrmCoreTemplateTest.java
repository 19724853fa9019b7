package dev.atrium.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.metadata.validate.MetadataValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The bundled template must be valid metadata, complete and translated; the build fails otherwise. */
class CrmCoreTemplateTest {
    private static final Path ROOT = Path.of("crm-core");

    @Test
    void everyEntityFileIsValidAndTheSetIsComplete() throws IOException {
        JsonNode manifest = MetadataReader.parse(Files.readString(ROOT.resolve("template.json")));
        List<MetadataDocument> docs = new ArrayList<>();
        for (JsonNode f : manifest.get("entities")) {
            docs.add(new MetadataDocument(
                    f.asString(), MetadataReader.parse(Files.readString(ROOT.resolve(f.asString())))));
        }
        MetadataValidator.Result r = new MetadataValidator(FieldTypeRegistry.builtIn()).validate(docs);
        assertTrue(r.ok(), "crm-core must validate: " + r.problems());
        Set<String> names = new java.util.TreeSet<>();
        r.entities().forEach(e -> names.add(e.name()));
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
        try (var files = Files.list(ROOT.resolve("entities"))) {
            assertEquals(docs.size(), files.count(), "every entity file is listed in template.json");
        }
    }

    @Test
    void labelsAreTranslatedIntoTheFourShippedLanguages() throws IOException {
        try (var files = Files.list(ROOT.resolve("entities"))) {
            for (Path p : files.toList()) {
                var e = MetadataReader.entity(MetadataReader.parse(Files.readString(p)));
                assertTrue(e.label().keySet().containsAll(Set.of("en", "es", "zh-CN", "ru")), p + " entity label");
                e.fields()
                        .forEach(f -> assertTrue(
                                f.label().keySet().containsAll(Set.of("en", "es", "zh-CN", "ru")),
                                p + " field " + f.name()));
            }
        }
    }
}
