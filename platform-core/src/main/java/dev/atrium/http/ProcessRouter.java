package dev.atrium.http;

import dev.atrium.convert.Conversions;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Body;
import dev.atrium.record.Duplicates;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordMerge;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Record processes beyond one record's CRUD: likely duplicates
 * ({@code POST /api/v1/records/{entity}/duplicates}), merge ({@code POST .../merge}) and conversions
 * ({@code GET|POST /api/v1/records/{entity}/{id}/conversions/{name}}) and suggestions
 * ({@code GET /api/v1/records/{entity}/{id}/suggestions}).
 */
final class ProcessRouter {
    private final Duplicates duplicates;
    private final RecordMerge merge;
    private final Conversions conversions;
    private final dev.atrium.record.Suggestions suggestions;
    private final Function<RoutingContext, RecordContext> contexts;

    ProcessRouter(ApiServices platform, Function<RoutingContext, RecordContext> contexts) {
        this.duplicates = new Duplicates(platform.records());
        this.merge = new RecordMerge(platform.records());
        this.conversions = new Conversions(platform.pool(), platform.records());
        this.suggestions = new dev.atrium.record.Suggestions(platform.records());
        this.contexts = contexts;
    }

    void mount(Router r) {
        r.post("/api/v1/records/:entity/duplicates").handler(ctx -> {
            JsonObject body = Body.of(Http.body(ctx), "values", "id").json();
            Http.json(
                    ctx,
                    200,
                    duplicates.find(
                            contexts.apply(ctx),
                            ctx.pathParam("entity"),
                            object(body, "values"),
                            body.getValue("id") == null ? null : uuid(body.getValue("id"), "/id")));
        });
        r.post("/api/v1/records/:entity/merge").handler(ctx -> {
            JsonObject body =
                    Body.of(Http.body(ctx), "survivor", "duplicates", "values").json();
            if (!(body.getValue("duplicates") instanceof JsonArray list)) {
                throw ApiProblem.invalidField("/duplicates", "give the ids of the records to merge as a list");
            }
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) ids.add(uuid(list.getValue(i), "/duplicates/" + i));
            Http.json(
                    ctx,
                    200,
                    merge.merge(
                            contexts.apply(ctx),
                            ctx.pathParam("entity"),
                            uuid(body.getValue("survivor"), "/survivor"),
                            ids,
                            object(body, "values")));
        });
        r.get("/api/v1/records/:entity/:id/suggestions")
                .handler(ctx -> Http.json(
                        ctx, 200, suggestions.of(contexts.apply(ctx), ctx.pathParam("entity"), Http.uuid(ctx, "id"))));
        r.get("/api/v1/records/:entity/:id/conversions/:name")
                .handler(ctx -> Http.json(
                        ctx,
                        200,
                        conversions.preview(
                                contexts.apply(ctx),
                                ctx.pathParam("entity"),
                                Http.uuid(ctx, "id"),
                                ctx.pathParam("name"))));
        r.post("/api/v1/records/:entity/:id/conversions/:name")
                .handler(ctx -> Http.json(
                        ctx,
                        200,
                        conversions.convert(
                                contexts.apply(ctx),
                                ctx.pathParam("entity"),
                                Http.uuid(ctx, "id"),
                                ctx.pathParam("name"),
                                Body.of(Http.body(ctx), "use", "skip", "values", "allowDuplicates")
                                        .json())));
    }

    private static JsonObject object(JsonObject body, String key) {
        Object v = body.getValue(key);
        if (v == null) return new JsonObject();
        if (v instanceof JsonObject o) return o;
        throw ApiProblem.invalidField("/" + key, "must be an object of field values");
    }

    private static UUID uuid(Object v, String pointer) {
        if (v == null) throw ApiProblem.invalidField(pointer, "is required: a record id");
        try {
            return UUID.fromString(String.valueOf(v));
        } catch (IllegalArgumentException ex) {
            throw ApiProblem.invalidField(pointer, "must be a record id");
        }
    }
}
