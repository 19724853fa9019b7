package dev.atrium.openapi;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.types.FieldType;
import dev.atrium.metadata.types.FieldTypeRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * An OpenAPI 3.1 document for one tenant, generated from its live metadata: a schema per entity (from
 * each field type's JSON Schema) and the records paths for each entity. Pure; cheap enough per request.
 */
public final class OpenApiGenerator {
    private final FieldTypeRegistry types;

    public OpenApiGenerator(FieldTypeRegistry types) {
        this.types = types;
    }

    public JsonObject generate(MetadataSnapshot snapshot, String tenantName) {
        JsonObject schemas = new JsonObject().put("Problem", problemSchema());
        JsonObject paths = new JsonObject();
        for (EntityDef e : snapshot.entities()) {
            String name = schemaName(e);
            schemas.put(name, entitySchema(e, false));
            schemas.put(name + "Input", entitySchema(e, true));
            String ref = "#/components/schemas/" + name;
            String base = "/api/v1/records/" + e.name();
            JsonObject listResponse = new JsonObject()
                    .put("type", "object")
                    .put(
                            "properties",
                            new JsonObject()
                                    .put(
                                            "data",
                                            new JsonObject()
                                                    .put("type", "array")
                                                    .put("items", new JsonObject().put("$ref", ref)))
                                    .put(
                                            "nextCursor",
                                            new JsonObject()
                                                    .put(
                                                            "type",
                                                            new JsonArray()
                                                                    .add("string")
                                                                    .add("null")))
                                    .put("total", new JsonObject().put("type", "integer")));
            paths.put(
                    base,
                    new JsonObject()
                            .put(
                                    "get",
                                    op("List " + e.displayName() + " records", "list_" + e.name(), listResponse, true)
                                            .put("parameters", listParameters()))
                            .put(
                                    "post",
                                    op(
                                                    "Create a " + e.displayName(),
                                                    "create_" + e.name(),
                                                    new JsonObject().put("$ref", ref),
                                                    false)
                                            .put("requestBody", body(name + "Input"))));
            paths.put(
                    base + "/{id}",
                    new JsonObject()
                            .put(
                                    "parameters",
                                    new JsonArray()
                                            .add(new JsonObject()
                                                    .put("name", "id")
                                                    .put("in", "path")
                                                    .put("required", true)
                                                    .put(
                                                            "schema",
                                                            new JsonObject()
                                                                    .put("type", "string")
                                                                    .put("format", "uuid"))))
                            .put(
                                    "get",
                                    op(
                                            "Get a " + e.displayName(),
                                            "get_" + e.name(),
                                            new JsonObject().put("$ref", ref),
                                            false))
                            .put(
                                    "patch",
                                    op(
                                                    "Update a " + e.displayName(),
                                                    "update_" + e.name(),
                                                    new JsonObject().put("$ref", ref),
                                                    false)
                                            .put("requestBody", body(name + "Input")))
                            .put(
                                    "delete",
                                    new JsonObject()
                                            .put("summary", "Move a " + e.displayName() + " to the recycle bin")
                                            .put("operationId", "delete_" + e.name())
                                            .put(
                                                    "responses",
                                                    new JsonObject()
                                                            .put("204", new JsonObject().put("description", "deleted"))
                                                            .put("default", problemResponse()))));
        }
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put(
                        "info",
                        new JsonObject()
                                .put("title", "Atrium API — " + tenantName)
                                .put("version", String.valueOf(snapshot.version())))
                .put("servers", new JsonArray().add(new JsonObject().put("url", "/")))
                .put(
                        "security",
                        new JsonArray()
                                .add(new JsonObject().put("bearer", new JsonArray()))
                                .add(new JsonObject().put("session", new JsonArray())))
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

    private JsonObject entitySchema(EntityDef e, boolean input) {
        JsonObject props = new JsonObject();
        if (!input) {
            props.put(
                    "id",
                    new JsonObject().put("type", "string").put("format", "uuid").put("readOnly", true));
            props.put("version", new JsonObject().put("type", "integer").put("readOnly", true));
        }
        JsonArray required = new JsonArray();
        for (FieldDef f : e.fields()) {
            FieldType t = types.require(f.type());
            if (input && t.computed()) continue;
            JsonObject s = new JsonObject(t.jsonSchema(f));
            JsonObject nullable =
                    new JsonObject().put("anyOf", new JsonArray().add(s).add(new JsonObject().put("type", "null")));
            String title = f.label().getOrDefault("en", f.name());
            nullable.put("title", title);
            props.put(f.name(), nullable);
            if (input && f.required()) required.add(f.name());
        }
        if (!input) {
            for (String sys : new String[] {"owner_id", "created_by", "updated_by"})
                props.put(
                        sys,
                        new JsonObject()
                                .put("type", "string")
                                .put("format", "uuid")
                                .put("readOnly", true));
            for (String sys : new String[] {"created_at", "updated_at"})
                props.put(
                        sys,
                        new JsonObject()
                                .put("type", "string")
                                .put("format", "date-time")
                                .put("readOnly", true));
        }
        JsonObject schema = new JsonObject()
                .put("type", "object")
                .put("title", e.displayName())
                .put("properties", props)
                .put("additionalProperties", false);
        if (!required.isEmpty()) schema.put("required", required);
        return schema;
    }

    private static JsonObject op(String summary, String id, JsonObject schema, boolean list) {
        return new JsonObject()
                .put("summary", summary)
                .put("operationId", id)
                .put(
                        "responses",
                        new JsonObject()
                                .put(
                                        list ? "200" : id.startsWith("create") ? "201" : "200",
                                        new JsonObject()
                                                .put("description", "OK")
                                                .put(
                                                        "content",
                                                        new JsonObject()
                                                                .put(
                                                                        "application/json",
                                                                        new JsonObject().put("schema", schema))))
                                .put("default", problemResponse()));
    }

    private static JsonObject body(String schemaName) {
        return new JsonObject()
                .put("required", true)
                .put(
                        "content",
                        new JsonObject()
                                .put(
                                        "application/json",
                                        new JsonObject()
                                                .put(
                                                        "schema",
                                                        new JsonObject()
                                                                .put("$ref", "#/components/schemas/" + schemaName))));
    }

    private static JsonObject problemResponse() {
        return new JsonObject()
                .put("description", "A problem (RFC 9457)")
                .put(
                        "content",
                        new JsonObject()
                                .put(
                                        "application/problem+json",
                                        new JsonObject()
                                                .put(
                                                        "schema",
                                                        new JsonObject().put("$ref", "#/components/schemas/Problem"))));
    }

    private static JsonArray listParameters() {
        JsonArray a = new JsonArray();
        for (Map.Entry<String, String> p : Map.of(
                        "filter",
                        "Filter expression, e.g. stage = 'proposal' and amount > 5000",
                        "sort",
                        "Fields to sort by, e.g. -amount,name",
                        "fields",
                        "Fields to return, comma separated",
                        "cursor",
                        "nextCursor of the previous page",
                        "include",
                        "Lookup fields whose records to include",
                        "count",
                        "true to return the total count")
                .entrySet()) {
            a.add(new JsonObject()
                    .put("name", p.getKey())
                    .put("in", "query")
                    .put("description", p.getValue())
                    .put("schema", new JsonObject().put("type", "string")));
        }
        a.add(new JsonObject()
                .put("name", "limit")
                .put("in", "query")
                .put("schema", new JsonObject().put("type", "integer").put("minimum", 1)));
        return a;
    }

    private static JsonObject problemSchema() {
        return new JsonObject()
                .put("type", "object")
                .put(
                        "properties",
                        new JsonObject()
                                .put("type", new JsonObject().put("type", "string"))
                                .put("title", new JsonObject().put("type", "string"))
                                .put("status", new JsonObject().put("type", "integer"))
                                .put("detail", new JsonObject().put("type", "string"))
                                .put(
                                        "errors",
                                        new JsonObject()
                                                .put("type", "array")
                                                .put("items", new JsonObject().put("type", "object"))));
    }

    private static String schemaName(EntityDef e) {
        StringBuilder sb = new StringBuilder();
        for (String part : e.name().split("_")) {
            if (!part.isEmpty())
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }
}
