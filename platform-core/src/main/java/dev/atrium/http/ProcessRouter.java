package dev.atrium.http;

import dev.atrium.convert.Conversions;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Body;
import dev.atrium.record.Duplicates;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordMerge;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
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
            Body body = Body.of(Http.body(ctx), "values", "id");
            Http.json(
                    ctx,
                    200,
                    duplicates.find(
                            contexts.apply(ctx),
                            ctx.pathParam("entity"),
                            orEmpty(body.object("values")),
                            body.uuid("id")));
        });
        r.post("/api/v1/records/:entity/merge").handler(ctx -> {
            Body body = Body.of(Http.body(ctx), "survivor", "duplicates", "values");
            UUID survivor = body.uuid("survivor");
            if (survivor == null) throw ApiProblem.invalidField("/survivor", "is required: the id of the record kept");
            List<UUID> ids = body.uuids("duplicates");
            if (ids == null)
                throw ApiProblem.invalidField("/duplicates", "give the ids of the records to merge as a list");
            Http.json(
                    ctx,
                    200,
                    merge.merge(
                            contexts.apply(ctx),
                            ctx.pathParam("entity"),
                            survivor,
                            ids,
                            orEmpty(body.object("values"))));
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
                                Body.of(Http.body(ctx), "use", "skip", "values", "allowDuplicates"))));
    }

    private static JsonObject orEmpty(JsonObject o) {
        return o == null ? new JsonObject() : o;
    }
}
