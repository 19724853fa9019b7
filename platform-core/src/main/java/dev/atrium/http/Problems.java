package dev.atrium.http;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.query.FilterException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders failures as RFC 9457 problem documents; unexpected failures are logged and hidden. */
final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    static final String REQUEST_ID = "atrium.requestId";
    /** When the last "database unreachable" line was logged: one line every 10 s, not one per request. */
    private static final java.util.concurrent.atomic.AtomicLong LAST_OUTAGE_LOG =
            new java.util.concurrent.atomic.AtomicLong();

    private static final String RERUN = "atrium.rerun";

    private Problems() {}

    /** PostgreSQL refusing a prepared statement whose result columns changed type since it was prepared. */
    static boolean staleStatement(Throwable f) {
        return f instanceof PgException pe
                && "0A000".equals(pe.getSqlState())
                && String.valueOf(pe.getErrorMessage()).contains("must not change result type");
    }

    static void handle(RoutingContext ctx) {
        Throwable f = ctx.failure();
        ApiProblem p;
        if (f instanceof ApiProblem ap) {
            p = ap;
        } else if (f instanceof FilterException fe) {
            p = dev.atrium.record.Problems.query(fe);
        } else if (f instanceof DecodeException) {
            p = ApiProblem.badRequest("the body is not valid JSON");
        } else if (staleStatement(f)
                && ctx.get(RERUN) == null
                && !ctx.response().headWritten()) {
            // the connection held this statement prepared from before a field changed type; the client has
            // dropped it, and nothing the failed statement began was kept: the request runs once more
            ctx.put(RERUN, true);
            ctx.reroute(ctx.request().method(), ctx.request().uri());
            return;
        } else if (f instanceof PgException pe && "55P03".equals(pe.getSqlState())) {
            p = new ApiProblem(
                    503, "busy", "Busy", "the data is locked by a long-running change; try again shortly", null, null);
        } else if (Outages.diskFull(f)) {
            if (outageLogDue()) LOG.error("a disk is full ({}); answering 507 until space is freed", Outages.reason(f));
            ctx.response().putHeader("Retry-After", "60");
            p = new ApiProblem(
                    507,
                    "storage-full",
                    "Storage full",
                    "the server has run out of disk space; nothing was saved; try again once an operator has freed "
                            + "space",
                    null,
                    null);
        } else if (Outages.unreachable(f)) {
            if (outageLogDue())
                LOG.warn("the database cannot be reached ({}); answering 503 until it can", Outages.reason(f));
            ctx.response().putHeader("Retry-After", "5");
            p = new ApiProblem(
                    503,
                    "database-unavailable",
                    "Temporarily unavailable",
                    "the database cannot be reached just now; nothing was changed; try again in a few seconds",
                    null,
                    null);
        } else if (f == null && ctx.statusCode() > 0) {
            p = new ApiProblem(
                    ctx.statusCode(),
                    "http-" + ctx.statusCode(),
                    statusTitle(ctx.statusCode()),
                    statusTitle(ctx.statusCode()),
                    null,
                    null);
        } else if (clientGone(ctx, f)) {
            // the client went away mid-response (a closed tab, a dropped phone connection): nobody to answer
            LOG.debug(
                    "client gone during {} {}: {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    String.valueOf(f));
            return;
        } else {
            LOG.error(
                    "unexpected failure on {} {} (request {})",
                    ctx.request().method(),
                    ctx.request().path(),
                    (Object) ctx.get(REQUEST_ID),
                    f);
            p = new ApiProblem(
                    500,
                    "internal",
                    "Internal error",
                    "something went wrong on the server; it has been logged",
                    null,
                    null);
        }
        send(ctx, p);
    }

    /** Whether an outage may be logged now: one line every 10 s, not one per request. */
    private static boolean outageLogDue() {
        long now = System.currentTimeMillis();
        long last = LAST_OUTAGE_LOG.get();
        return now - last > 10_000 && LAST_OUTAGE_LOG.compareAndSet(last, now);
    }

    /** The client closed the connection while the answer was being written: not a server fault. */
    private static boolean clientGone(RoutingContext ctx, Throwable f) {
        if (ctx.response().closed()) return true;
        String m = f instanceof java.io.IOException ? String.valueOf(f.getMessage()) : "";
        return m.contains("Broken pipe") || m.contains("Connection reset");
    }

    static void send(RoutingContext ctx, ApiProblem p) {
        if (ctx.response().ended()) return;
        JsonObject body = p.toJson(ctx.request().path());
        if (ctx.get(REQUEST_ID) != null) body.put("requestId", (String) ctx.get(REQUEST_ID));
        // Refused before its body was read (unauthenticated, too large): answer, then close the connection
        // rather than read the rest (on HTTP/2, only that stream).
        boolean unread = !ctx.request().isEnded();
        boolean http1 = ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2;
        if (unread && http1) ctx.response().putHeader("Connection", "close");
        ctx.response()
                .setStatusCode(p.status())
                .putHeader("Content-Type", "application/problem+json")
                .end(body.encode())
                .onComplete(done -> {
                    if (!unread) return;
                    if (http1) ctx.request().connection().close();
                    else ctx.response().reset(0); // RST_STREAM NO_ERROR: stop sending, the answer is complete
                });
    }

    private static String statusTitle(int code) {
        return switch (code) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed here";
            case 413 -> "the body is too large";
            default -> "request failed";
        };
    }
}
