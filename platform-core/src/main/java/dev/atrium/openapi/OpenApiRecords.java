package dev.atrium.openapi;

import static dev.atrium.openapi.OpenApiSchemas.object;
import static dev.atrium.openapi.OpenApiSchemas.ref;
import static dev.atrium.openapi.Operations.body;
import static dev.atrium.openapi.Operations.etag;
import static dev.atrium.openapi.Operations.file;
import static dev.atrium.openapi.Operations.ifMatch;
import static dev.atrium.openapi.Operations.noContent;
import static dev.atrium.openapi.Operations.ok;
import static dev.atrium.openapi.Operations.op;
import static dev.atrium.openapi.Operations.path;
import static dev.atrium.openapi.Operations.query;

import dev.atrium.metadata.model.EntityDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The records paths of one entity, tagged with its name so that a generated client has one API class per
 * entity: list (filter, sort, projection, cursor, count, include), create, read with its ETag, PATCH with
 * If-Match, delete to the recycle bin, restore, history, export, bulk and attachments.
 */
final class OpenApiRecords {
    private final int maxPageSize;

    OpenApiRecords(int maxPageSize) {
        this.maxPageSize = maxPageSize;
    }

    void add(JsonObject paths, EntityDef e) {
        String name = OpenApiSchemas.schemaName(e);
        String base = "/api/v1/records/" + e.name();
        String label = e.displayName();
        paths.put(
                base,
                new JsonObject()
                        .put(
                                "get",
                                ok(op(name, "list" + name, "List " + label + " records"), "200", ref(name + "Page"))
                                        .put("parameters", listParameters()))
                        .put(
                                "post",
                                withEtag(ok(op(name, "create" + name, "Create a " + label), "201", ref(name)), "201")
                                        .put("parameters", new JsonArray().add(idempotencyKey()))
                                        .put("requestBody", body(ref(name + "Create")))));
        JsonArray id = new JsonArray().add(path("id", "uuid"));
        paths.put(
                base + "/{id}",
                new JsonObject()
                        .put("parameters", id)
                        .put("get", withEtag(ok(op(name, "get" + name, "Read a " + label), "200", ref(name)), "200"))
                        .put(
                                "patch",
                                withEtag(ok(op(name, "update" + name, "Change a " + label), "200", ref(name)), "200")
                                        .put("parameters", new JsonArray().add(ifMatch()))
                                        .put("requestBody", body(ref(name + "Patch"))))
                        .put(
                                "delete",
                                noContent(op(name, "delete" + name, "Move a " + label + " to the recycle bin"))
                                        .put(
                                                "parameters",
                                                new JsonArray()
                                                        .add(query(
                                                                "purge",
                                                                "boolean",
                                                                "true on a binned record: delete it for good")))));
        paths.put(
                base + "/{id}/restore",
                new JsonObject()
                        .put("parameters", id)
                        .put(
                                "post",
                                ok(
                                        op(name, "restore" + name, "Bring a " + label + " back from the recycle bin"),
                                        "200",
                                        ref(name))));
        paths.put(
                base + "/{id}/history",
                new JsonObject()
                        .put("parameters", id)
                        .put(
                                "get",
                                ok(op(name, "history" + name, "The audit history of a " + label), "200", object())));
        paths.put(
                base + "/{id}/attachments",
                new JsonObject()
                        .put("parameters", id)
                        .put("get", ok(op(name, "attachments" + name, "The files of a " + label), "200", object()))
                        .put(
                                "post",
                                ok(op(name, "attach" + name, "Attach a file to a " + label), "201", object())
                                        .put("parameters", new JsonArray().add(query("name", "string", "File name")))
                                        .put("requestBody", Operations.binaryBody())));
        paths.put(
                base + "/export",
                new JsonObject()
                        .put(
                                "get",
                                file(
                                                op(
                                                        name,
                                                        "export" + name,
                                                        "Export " + label + " records as CSV or XLSX"),
                                                "application/octet-stream")
                                        .put(
                                                "parameters",
                                                new JsonArray()
                                                        .add(query("format", "string", "csv or xlsx"))
                                                        .add(query("filter", "string", "As for the list"))
                                                        .add(query("sort", "string", "As for the list")))));
        paths.put(
                base + "/bulk",
                new JsonObject()
                        .put(
                                "post",
                                ok(
                                                op(
                                                        name,
                                                        "bulk" + name,
                                                        "Create, change or delete many " + label + " records"),
                                                "200",
                                                object())
                                        .put("requestBody", body(object()))));
    }

    private static JsonObject idempotencyKey() {
        return new JsonObject()
                .put("name", "Idempotency-Key")
                .put("in", "header")
                .put(
                        "description",
                        "Any unique string (a UUID): a retry with the same key answers the record "
                                + "created the first time (with Idempotent-Replayed: true) instead of creating another")
                .put("schema", new JsonObject().put("type", "string").put("maxLength", 200));
    }

    private static JsonObject withEtag(JsonObject op, String status) {
        op.getJsonObject("responses").getJsonObject(status).put("headers", etag());
        return op;
    }

    private JsonArray listParameters() {
        return new JsonArray()
                .add(query("filter", "string", "A filter, e.g. stage = 'proposal' and amount > 5000"))
                .add(query("sort", "string", "Fields to sort by, e.g. -amount,name"))
                .add(query("fields", "string", "Only these fields, comma separated"))
                .add(query("cursor", "string", "nextCursor of the previous page"))
                .add(query("include", "string", "Lookup fields whose records to add under _included"))
                .add(query("count", "boolean", "true to add total"))
                .add(query("deleted", "boolean", "true for the recycle bin"))
                .add(new JsonObject()
                        .put("name", "limit")
                        .put("in", "query")
                        .put("description", "Page size")
                        .put(
                                "schema",
                                new JsonObject()
                                        .put("type", "integer")
                                        .put("minimum", 1)
                                        .put("maximum", maxPageSize)
                                        .put("default", 50)));
    }
}
