package dev.atrium.http;

import dev.atrium.internal.LogSetup;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.MDC;

/**
 * Moves a request off the event loop onto a virtual thread of its own, where handlers await database
 * futures and may block (a plugin call, a rule, password hashing) without holding anyone else up. No
 * Vert.x context serializes these threads: a slow request holds only itself.
 *
 * <p>{@link #pauseAndDispatch} comes first on API routes: the request stays paused (its body unread) until
 * {@link #readBody} resumes it, so nothing is read, let alone written to disk, before authentication (or,
 * on the few public routes, beyond a small limit). {@link #afterBody} follows, because a body handler
 * completes on the event loop.
 */
final class RequestThreads {
    private static final String BODY_READ = "atrium.bodyRead";

    private RequestThreads() {}

    static void pauseAndDispatch(RoutingContext ctx) {
        if (!ctx.request().isEnded()) ctx.request().pause(); // ended: a request run once more (Problems)
        dispatch(ctx);
    }

    /** Reads the body into memory, up to {@code limit} bytes (413 beyond); multipart files are never written. */
    static Handler<RoutingContext> readBody(long limit) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(limit);
        return ctx -> {
            if (ctx.get(BODY_READ) == null) {
                ctx.put(BODY_READ, true);
                body.handle(ctx);
            } else {
                ctx.next();
            }
        };
    }

    /**
     * Back on a virtual thread after {@link #readBody}. A request without a body is still paused (the body
     * handler had nothing to read): resuming it lets the connection take its next request.
     */
    static void afterBody(RoutingContext ctx) {
        if (ctx.get(BODY_READ) != null && !ctx.request().isEnded()) {
            try {
                ctx.request().resume();
            } catch (IllegalStateException endedMeanwhile) {
                // the end arrived between the check and the resume: nothing left to read
            }
        }
        dispatch(ctx);
    }

    static void dispatch(RoutingContext ctx) {
        if (Context.isOnEventLoopThread()) {
            Thread.ofVirtual().name("atrium-request").start(() -> {
                // what this thread logs names the request (and, once signed in, the organisation)
                MDC.put(LogSetup.REQUEST_ID, ctx.get(Problems.REQUEST_ID));
                if (ctx.get(LogSetup.TENANT) != null) MDC.put(LogSetup.TENANT, ctx.get(LogSetup.TENANT));
                ctx.next();
            });
        } else {
            ctx.next();
        }
    }
}
