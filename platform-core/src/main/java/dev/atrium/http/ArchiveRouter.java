package dev.atrium.http;

import dev.atrium.archive.TenantExport;
import dev.atrium.files.LocalFileStore;
import dev.atrium.internal.ApiProblem;
import dev.atrium.record.RecordContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Function;

/**
 * {@code GET /api/v1/archive}: the whole organisation as a ZIP archive (administrators; audited), written
 * to a temporary file first so that the download has a length and a failure is a clean problem answer.
 * Restoring is a command ({@code atrium tenant restore}): it creates an organisation.
 */
final class ArchiveRouter {
    private final ApiServices platform;
    private final Function<RoutingContext, RecordContext> contexts;

    ArchiveRouter(ApiServices platform, Function<RoutingContext, RecordContext> contexts) {
        this.platform = platform;
        this.contexts = contexts;
    }

    void mount(Router r) {
        r.get("/api/v1/archive").handler(this::export);
    }

    private void export(RoutingContext ctx) {
        RecordContext rc = contexts.apply(ctx);
        if (!rc.principal().admin()) throw ApiProblem.forbidden("only administrators may export the organisation");
        Path tmp;
        try {
            tmp = Files.createTempFile("atrium-archive-", ".zip");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                new TenantExport(
                                platform.pool(),
                                new LocalFileStore(platform.config().dataDir()),
                                platform.views())
                        .write(rc.tenant(), rc.principal().userId(), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = rc.tenant().slug() + "-" + LocalDate.now() + ".zip";
        ctx.response()
                .putHeader("Content-Type", "application/zip")
                .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "private, no-store")
                .sendFile(tmp.toString())
                .onComplete(done -> {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // a temporary file the system cleans up
                    }
                });
    }
}
