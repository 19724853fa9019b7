package dev.atrium.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.metadata.ddl.DdlWriter;
import dev.atrium.metadata.diff.MigrationPlan;
import dev.atrium.metadata.diff.SchemaDiff;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.metadata.validate.MetadataValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * diff(before, after) -> SQL, against golden files in src/test/resources/diff/CASE/{before,after}.json
 * and expected.sql. Set -Dgolden.update=true to rewrite expected.sql after an intended change.
 */
class SchemaDiffGoldenTest {
    private static final FieldTypeRegistry TYPES = FieldTypeRegistry.builtIn();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "create_tables",
                "add_rename_drop",
                "type_changes",
                "picklist_rename",
                "picklist_remove",
                "many_to_many",
                "entity_rename_and_remove",
                "restore_field",
                "no_change"
            })
    void planMatchesGoldenSql(String name) throws IOException {
        List<EntityDef> before = read("diff/" + name + "/before.json");
        List<EntityDef> after = read("diff/" + name + "/after.json");
        Set<String> aside = name.equals("restore_field") ? Set.of("fld_notes") : Set.of();
        MigrationPlan plan = new SchemaDiff(TYPES).diff(before, after, aside);
        assertTrue(plan.problems().isEmpty(), "plan problems: " + plan.problems());
        String sql = String.join(";\n", new DdlWriter("t_acme").sql(plan)) + (plan.empty() ? "" : ";\n");
        Path golden = Path.of("src/test/resources/diff", name, "expected.sql");
        if (Boolean.getBoolean("golden.update")) Files.writeString(golden, sql);
        assertEquals(Files.readString(golden), sql, "SQL for " + name + " differs from its golden file");
    }

    static List<EntityDef> read(String resource) throws IOException {
        try (InputStream in = SchemaDiffGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
            JsonNode arr = MetadataReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<MetadataDocument> docs = new ArrayList<>();
            for (JsonNode n : arr) docs.add(new MetadataDocument(resource, n));
            MetadataValidator.Result r = new MetadataValidator(TYPES).validate(docs);
            assertTrue(r.ok(), resource + " must be valid metadata: " + r.problems());
            return r.entities();
        }
    }
}
