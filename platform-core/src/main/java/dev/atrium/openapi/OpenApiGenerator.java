package dev.atrium.openapi;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.types.FieldTypeRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An OpenAPI 3.1 document for one organisation, generated from its live metadata (and from what the caller
 * may see): per entity its record schemas and paths, tagged with its name; the platform's own paths by
 * area; complete problems for every failure. Written to be generated from: Java (native, okhttp-gson),
 * Python and TypeScript clients built from it compile and work (see the api-clients tests). Pure; cheap
 * enough per request.
 */
public final class OpenApiGenerator {
    /** The version of the API's contract (paths, problems, conventions), not of an organisation's metadata. */
    public static final String API_VERSION = "1.0.0";

    private final FieldTypeRegistry types;
    private final int maxPageSize;

    public OpenApiGenerator(FieldTypeRegistry types) {
        this(types, 500);
    }

    public OpenApiGenerator(FieldTypeRegistry types, int maxPageSize) {
        this.types = types;
        this.maxPageSize = maxPageSize;
    }

    public JsonObject generate(MetadataSnapshot snapshot, String tenantName) {
        return generate(snapshot, tenantName, "/");
    }

    /** @param serverUrl the server's base URL as the caller reached it, e.g. {@code https://crm.example.com} */
    public JsonObject generate(MetadataSnapshot snapshot, String tenantName, String serverUrl) {
        OpenApiSchemas entitySchemas = new OpenApiSchemas(types);
        OpenApiRecords records = new OpenApiRecords(maxPageSize);
        JsonObject schemas = new JsonObject()
                .put("Problem", OpenApiSchemas.problem())
                .put("ProblemError", OpenApiSchemas.problemError())
                .put("Money", OpenApiSchemas.money());
        JsonObject paths = new JsonObject();
        JsonArray tags = new JsonArray();
        for (EntityDef e : snapshot.entities()) {
            entitySchemas.entity(schemas, e);
            records.add(paths, e);
            tags.add(new JsonObject()
                    .put("name", OpenApiSchemas.schemaName(e))
                    .put("description", e.displayName() + " records (" + e.name() + ")"));
        }
        OpenApiPlatform.add(paths);
        for (String area : new String[] {
            "Auth",
            "Search",
            "Metadata",
            "Access",
            "Audit",
            "Jobs",
            "Notifications",
            "Approvals",
            "Imports",
            "Files",
            "Currencies",
            "Reports",
            "Plugins",
            "Organisation"
        }) tags.add(new JsonObject().put("name", area));
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put(
                        "info",
                        new JsonObject()
                                .put("title", "Atrium API — " + tenantName)
                                .put("version", API_VERSION)
                                .put("x-atrium-metadata-version", snapshot.version()))
                .put("servers", new JsonArray().add(new JsonObject().put("url", serverUrl)))
                .put(
                        "security",
                        new JsonArray()
                                .add(new JsonObject().put("bearer", new JsonArray()))
                                .add(new JsonObject().put("session", new JsonArray())))
                .put("tags", tags)
                .put("paths", paths)
                .put(
                        "components",
                        new JsonObject()
                                .put("schemas", schemas)
                                .put(
                                        "securitySchemes",
                                        new JsonObject()
                                                .put(
                                                        "bearer",
                                                        new JsonObject()
                                                                .put("type", "http")
                                                                .put("scheme", "bearer"))
                                                .put(
                                                        "session",
                                                        new JsonObject()
                                                                .put("type", "apiKey")
                                                                .put("in", "cookie")
                                                                .put("name", "atrium_session"))));
    }
}
