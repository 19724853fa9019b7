package dev.atrium.openapi;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.types.FieldType;
import dev.atrium.metadata.types.FieldTypeRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The component schemas: a complete {@code Problem}, {@code Money} (amounts as decimals, never binary
 * floating point), and per entity the record as read ({@code Deal}: open to fields deployed after a client
 * was generated, with {@code _included}), what a create takes ({@code DealCreate}: the required fields)
 * and what a PATCH takes ({@code DealPatch}: nothing required), and a page of records ({@code DealPage}).
 */
final class OpenApiSchemas {
    private final FieldTypeRegistry types;

    OpenApiSchemas(FieldTypeRegistry types) {
        this.types = types;
    }

    static JsonObject ref(String name) {
        return new JsonObject().put("$ref", "#/components/schemas/" + name);
    }

    static String schemaName(EntityDef e) {
        StringBuilder sb = new StringBuilder();
        for (String part : e.name().split("_")) {
            if (!part.isEmpty())
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    /** Adds the schemas of one entity to {@code schemas}. */
    void entity(JsonObject schemas, EntityDef e) {
        String name = schemaName(e);
        schemas.put(name, record(e));
        schemas.put(name + "Create", input(e, true));
        schemas.put(name + "Patch", input(e, false));
        schemas.put(
                name + "Page",
                new JsonObject()
                        .put("type", "object")
                        .put("required", new JsonArray().add("data"))
                        .put(
                                "properties",
                                new JsonObject()
                                        .put(
                                                "data",
                                                new JsonObject()
                                                        .put("type", "array")
                                                        .put("items", ref(name)))
                                        .put("nextCursor", nullable("string"))
                                        .put(
                                                "total",
                                                new JsonObject()
                                                        .put("type", "integer")
                                                        .put("format", "int64"))
                                        .put("_included", included()))
                        .put("additionalProperties", true));
    }

    private JsonObject record(EntityDef e) {
        JsonObject props = new JsonObject()
                .put(
                        "id",
                        new JsonObject()
                                .put("type", "string")
                                .put("format", "uuid")
                                .put("readOnly", true))
                .put("version", new JsonObject().put("type", "integer").put("readOnly", true));
        for (FieldDef f : e.fields()) props.put(f.name(), field(e, f));
        for (String sys : new String[] {"owner_id", "created_by", "updated_by"})
            props.put(
                    sys,
                    new JsonObject().put("type", "string").put("format", "uuid").put("readOnly", true));
        for (String sys : new String[] {"created_at", "updated_at"})
            props.put(
                    sys,
                    new JsonObject()
                            .put("type", "string")
                            .put("format", "date-time")
                            .put("readOnly", true));
        props.put("_included", included());
        // fields deployed after a client was generated must not break it: records are open
        return new JsonObject()
                .put("type", "object")
                .put("title", e.displayName())
                .put("properties", props)
                .put("additionalProperties", true);
    }

    private JsonObject input(EntityDef e, boolean create) {
        JsonObject props = new JsonObject();
        JsonArray required = new JsonArray();
        for (FieldDef f : e.fields()) {
            if (types.require(f.type()).computed()) continue;
            props.put(f.name(), field(e, f));
            if (create && f.required()) required.add(f.name());
        }
        JsonObject s = new JsonObject()
                .put("type", "object")
                .put("title", e.displayName() + (create ? " (new)" : " (changes)"))
                .put("properties", props)
                .put("additionalProperties", false);
        if (!required.isEmpty()) s.put("required", required);
        return s;
    }

    /** One field: its type's schema, null allowed, money as {@code Money}, lookups naming their target. */
    private JsonObject field(EntityDef e, FieldDef f) {
        FieldType t = types.require(f.type());
        JsonObject s;
        if (f.type().equals("currency")) s = ref("Money");
        else {
            s = new JsonObject(t.jsonSchema(f));
            values(s);
            if (s.getValue("items") instanceof JsonObject items) values(items);
            Object type = s.getValue("type");
            if (type instanceof String one && !one.equals("null"))
                s.put("type", new JsonArray().add(one).add("null"));
        }
        if (f.target() != null) s.put("x-atrium-target", f.target());
        s.put("title", f.label().getOrDefault("en", f.name()));
        if (t.computed()) s.put("readOnly", true);
        return s;
    }

    /**
     * Picklist values are not an enum: administrators add values at any time, and a client generated before
     * must still read them. They are listed as {@code x-atrium-values}, and in the description.
     */
    private static void values(JsonObject s) {
        JsonArray values = (JsonArray) s.remove("enum");
        if (values == null) return;
        s.put("x-atrium-values", values);
        s.put("description", "One of the picklist's values (more may be added): " + values.encode());
    }

    private static JsonObject included() {
        return new JsonObject()
                .put("type", "object")
                .put("description", "The records this one looks up, asked for with include=, by lookup field")
                .put("additionalProperties", true);
    }

    static JsonObject nullable(String type) {
        return new JsonObject().put("type", new JsonArray().add(type).add("null"));
    }

    static JsonObject money() {
        return new JsonObject()
                .put("type", "object")
                .put("description", "An amount in a currency; a decimal, to be kept as one (BigDecimal, Decimal)")
                .put("required", new JsonArray().add("amount").add("currency"))
                .put(
                        "properties",
                        new JsonObject()
                                .put(
                                        "amount",
                                        new JsonObject().put("type", "number").put("format", "decimal"))
                                .put(
                                        "currency",
                                        new JsonObject()
                                                .put("type", "string")
                                                .put("pattern", "^[A-Z]{3}$")
                                                .put("description", "ISO 4217 code")))
                .put("additionalProperties", false);
    }

    static JsonObject problemError() {
        return new JsonObject()
                .put("type", "object")
                .put(
                        "properties",
                        new JsonObject()
                                .put(
                                        "pointer",
                                        new JsonObject()
                                                .put("type", "string")
                                                .put(
                                                        "description",
                                                        "JSON Pointer to the member at fault, e.g. /amount"))
                                .put("message", new JsonObject().put("type", "string"))
                                .put("plugin", new JsonObject().put("type", "string")))
                .put("additionalProperties", true);
    }

    static JsonObject problem() {
        return new JsonObject()
                .put("type", "object")
                .put("description", "A problem (RFC 9457), answered as application/problem+json")
                .put(
                        "properties",
                        new JsonObject()
                                .put("type", new JsonObject().put("type", "string"))
                                .put("title", new JsonObject().put("type", "string"))
                                .put("status", new JsonObject().put("type", "integer"))
                                .put("detail", new JsonObject().put("type", "string"))
                                .put("instance", new JsonObject().put("type", "string"))
                                .put(
                                        "errors",
                                        new JsonObject().put("type", "array").put("items", ref("ProblemError")))
                                .put(
                                        "currentVersion",
                                        new JsonObject()
                                                .put("type", "integer")
                                                .put(
                                                        "description",
                                                        "On a version conflict (409): the record's version now"))
                                .put("plugin", new JsonObject().put("type", "string")))
                .put("additionalProperties", true);
    }

    /** Any JSON object (the platform's own answers, whose members the reference documents). */
    static JsonObject object() {
        return new JsonObject().put("type", "object").put("additionalProperties", true);
    }
}
