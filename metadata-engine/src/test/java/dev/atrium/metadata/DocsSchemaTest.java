package dev.atrium.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/ ships the same JSON Schemas the platform validates with. */
class DocsSchemaTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "entity.schema.json",
                "package.schema.json",
                "extension.schema.json",
                "translations.schema.json",
                "access.schema.json",
                "data.schema.json",
                "package-test.schema.json"
            })
    void documentedSchemaIsTheShippedOne(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/schemas/" + name)) {
            String shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(
                    shipped,
                    Files.readString(Path.of("../docs/reference/schemas/" + name)),
                    "copy metadata-engine/src/main/resources/schemas/" + name + " to docs/reference/schemas/");
        }
    }
}
