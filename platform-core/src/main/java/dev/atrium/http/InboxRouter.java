package dev.atrium.http;

import dev.atrium.inbox.Inbox;
import dev.atrium.internal.ApiProblem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

/** /api/v1/notifications: the caller's inbox, marking read, and a live server-sent-event stream. */
final class InboxRouter {
    private final Inbox inbox;

    InboxRouter(Inbox inbox) {
        this.inbox = inbox;
    }

    void mount(Router r) {
        r.get("/api/v1/notifications")
                .handler(ctx -> Http.json(
                        ctx,
                        200,
                        inbox.list(
                                AuthHandler.principal(ctx).userId(),
                                "true".equals(ctx.request().getParam("unread")),
                                Math.max(1, Math.min(Http.intParam(ctx, "limit", 50), 200)))));
        r.post("/api/v1/notifications/:id/read").handler(ctx -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw ApiProblem.notFound("no notification " + ctx.pathParam("id"));
            }
            inbox.markRead(AuthHandler.principal(ctx).userId(), id);
            ctx.response().setStatusCode(204).end();
        });
        r.get("/api/v1/notifications/stream").handler(ctx -> {
            var user = AuthHandler.principal(ctx).userId();
            HttpServerResponse res = ctx.response();
            res.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("Content-Encoding", "identity")
                    .putHeader("X-Accel-Buffering", "no");
            res.write(": connected\n\n");
            Runnable unsubscribe = inbox.subscribe(user, n -> {
                if (!res.closed())
                    res.write("event: notification\nid: " + n.getLong("id") + "\ndata: " + n.encode() + "\n\n");
            });
            long ping = ctx.vertx().setPeriodic(25_000, t -> {
                if (!res.closed()) res.write(": ping\n\n");
            });
            // a node that stops ends the stream; the browser's EventSource reconnects through the balancer
            ctx.request().connection().shutdownHandler(v -> {
                if (!res.closed()) res.end();
            });
            res.closeHandler(v -> {
                unsubscribe.run();
                ctx.vertx().cancelTimer(ping);
            });
        });
    }
}
