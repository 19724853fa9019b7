package dev.atrium.http;

import dev.atrium.files.Attachments;
import dev.atrium.record.RecordContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Attachments: {@code GET|POST /api/v1/records/{entity}/{id}/attachments} (the file as the body,
 * {@code ?name=}), {@code GET /api/v1/files/{id}} (always a download; {@code ?inline=true} shows a real
 * image in place, for thumbnails), {@code GET /api/v1/files/{id}/info} (name, type, size),
 * {@code DELETE /api/v1/files/{id}}.
 */
final class FilesRouter {
    private final Attachments attachments;
    private final Function<RoutingContext, RecordContext> contexts;

    FilesRouter(ApiServices platform, Function<RoutingContext, RecordContext> contexts) {
        this.attachments = platform.attachments();
        this.contexts = contexts;
    }

    void mount(Router r) {
        r.get("/api/v1/records/:entity/:id/attachments")
                .handler(ctx -> Http.json(
                        ctx,
                        200,
                        new JsonObject()
                                .put(
                                        "data",
                                        attachments.list(
                                                contexts.apply(ctx), ctx.pathParam("entity"), Http.uuid(ctx, "id")))));
        r.post("/api/v1/records/:entity/:id/attachments").handler(ctx -> {
            byte[] data = ctx.body() == null || ctx.body().buffer() == null
                    ? new byte[0]
                    : ctx.body().buffer().getBytes();
            Http.json(
                    ctx,
                    201,
                    attachments.attach(
                            contexts.apply(ctx),
                            ctx.pathParam("entity"),
                            Http.uuid(ctx, "id"),
                            ctx.queryParams().get("name"),
                            data));
        });
        r.get("/api/v1/files/:id/info")
                .handler(ctx -> Http.json(ctx, 200, attachments.info(contexts.apply(ctx), Http.uuid(ctx, "id"))));
        r.get("/api/v1/files/:id").handler(ctx -> {
            Attachments.Download d = attachments.download(contexts.apply(ctx), Http.uuid(ctx, "id"));
            boolean inline = "true".equals(ctx.queryParams().get("inline")) && Attachments.inlineAllowed(d.file());
            String name = d.file().getString("name");
            String ascii = name.replaceAll("[^\\x20-\\x7e]", "_");
            ctx.response()
                    .putHeader("Content-Type", inline ? d.file().getString("contentType") : "application/octet-stream")
                    .putHeader(
                            "Content-Disposition",
                            (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
                                    + URLEncoder.encode(name, StandardCharsets.UTF_8)
                                            .replace("+", "%20"))
                    .putHeader("Content-Security-Policy", "sandbox; default-src 'none'")
                    .putHeader("Cache-Control", "private, no-store")
                    .end(Buffer.buffer(Attachments.bytes(d)));
        });
        r.delete("/api/v1/files/:id").handler(ctx -> {
            attachments.remove(contexts.apply(ctx), Http.uuid(ctx, "id"));
            ctx.response().setStatusCode(204).end();
        });
    }
}
