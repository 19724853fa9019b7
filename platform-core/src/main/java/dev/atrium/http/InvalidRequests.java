package dev.atrium.http;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Requests the HTTP decoder could not read (a request line over {@link #MAX_LINE} bytes, headers over
 * the limit, garbage): answered as problem documents like every other error, then the connection closes.
 */
final class InvalidRequests {
    /** Longest request line accepted: room for long filters (a 4 KB URL is ordinary). */
    static final int MAX_LINE = 16 * 1024;

    private InvalidRequests() {}

    static void answer(HttpServerRequest req) {
        Throwable cause = req.decoderResult().cause();
        int status;
        String detail;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            detail = "the request line is longer than " + MAX_LINE
                    + " bytes; send long filters in fewer words or split the request";
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            status = 431;
            detail = "the request headers are too large";
        } else {
            status = 400;
            detail = "the request could not be read as HTTP";
        }
        JsonObject body = new JsonObject()
                .put("type", "https://atrium.dev/problems/http-" + status)
                .put("title", status == 414 ? "URI too long" : status == 431 ? "Headers too large" : "Bad request")
                .put("status", status)
                .put("detail", detail);
        req.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("Connection", "close")
                .end(body.encode())
                .onComplete(done -> req.connection().close());
    }
}
