package dev.atrium.plugin.api;

import java.util.Map;

/**
 * HTTP endpoints under {@code /api/v1/ext/<plugin-id>/<id>/...}. The platform authenticates the caller
 * first (session or API token), unless {@link #publicAccess()}: then anyone may call, the tenant comes
 * from the {@code tenant} query parameter, and the platform rate-limits per client address.
 *
 * <p>Runs on a virtual thread. An exception answers 500 naming the plugin; {@link PluginException} answers
 * 400 with its message.
 */
public interface HttpRoute extends AtriumExtension {

    /**
     * @param path the rest after {@code /api/v1/ext/<plugin-id>/<id>}, starting with {@code /} (or empty)
     * @param user the caller's e-mail, or null on public routes
     * @param remoteAddress the client's IP address
     */
    record Request(
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            String body,
            String user,
            String remoteAddress) {}

    record Response(int status, String contentType, String body) {
        public static Response json(int status, String json) {
            return new Response(status, "application/json", json);
        }

        /** A JSON answer from plain values (Map, List, String, Number, Boolean, null), written by {@link JsonText}. */
        public static Response json(int status, Object value) {
            return new Response(status, "application/json", JsonText.write(value));
        }
    }

    default boolean publicAccess() {
        return false;
    }

    Response handle(Request request, PluginContext context) throws Exception;
}
