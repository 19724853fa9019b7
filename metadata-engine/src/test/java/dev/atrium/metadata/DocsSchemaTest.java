package dev.atrium.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/ ships the same JSON Schema the platform validates with. */
class DocsSchemaTest {
    @Test
    void documentedSchemaIsTheShippedOne() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/schemas/entity.schema.json")) {
            String shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(
                    shipped,
                    Files.readString(Path.of("../docs/reference/schemas/entity.schema.json")),
                    "copy metadata-engine/src/main/resources/schemas/entity.schema.json to docs/reference/schemas/");
        }
    }
}
