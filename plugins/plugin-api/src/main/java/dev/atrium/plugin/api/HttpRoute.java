package dev.atrium.plugin.api;

import java.util.Map;

/**
 * HTTP endpoints under {@code /api/v1/ext/<plugin-id>/<id>/...}. The platform authenticates the caller
 * first (session or API token) and lets in only who {@link #callers()} names: anyone signed in (the
 * default), or only administrators ({@code 403} for others). With {@link Callers#ANYONE} (or
 * {@link #publicAccess()}) anyone may call without signing in: the tenant comes from the {@code tenant}
 * query parameter, and the platform rate-limits per client address.
 *
 * <p>{@link PluginContext#records()} acts as the plugin (with the access the administrator granted it),
 * whoever calls: a route that reads or writes records for the caller should use
 * {@link PluginContext#callerRecords()}, which has exactly the caller's access, so nobody reaches through
 * a plugin what they could not read themselves.
 *
 * <p>Runs on a platform thread of the plugin's pool, within the call deadline. An exception answers 502
 * naming the plugin (the details go to the plugin manager); {@link PluginException} answers 400 with its
 * message.
 */
public interface HttpRoute extends AtriumExtension {

    /** Who may call a route. */
    enum Callers {
        /** Anyone, without signing in (rate-limited per client address). */
        ANYONE,
        /** Anyone signed in to the tenant: the default. */
        SIGNED_IN,
        /** The tenant's administrators only. */
        ADMINISTRATORS
    }

    /**
     * Who is calling.
     *
     * @param id the user's id
     * @param email the user's e-mail
     * @param admin whether they administer the tenant
     * @param locale their language, e.g. {@code es}
     */
    record Caller(String id, String email, boolean admin, String locale) {}

    /**
     * @param path the rest after {@code /api/v1/ext/<plugin-id>/<id>}, starting with {@code /} (or empty)
     * @param user the caller's e-mail, or null on public routes
     * @param remoteAddress the client's IP address
     * @param caller who is calling, or null on public routes
     */
    record Request(
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            String body,
            String user,
            String remoteAddress,
            Caller caller) {
        /** A request without a signed-in caller (a public route, or a test). */
        public Request(
                String method,
                String path,
                Map<String, String> query,
                Map<String, String> headers,
                String body,
                String user,
                String remoteAddress) {
            this(method, path, query, headers, body, user, remoteAddress, null);
        }
    }

    record Response(int status, String contentType, String body) {
        public static Response json(int status, String json) {
            return new Response(status, "application/json", json);
        }

        /** A JSON answer from plain values (Map, List, String, Number, Boolean, null), written by {@link JsonText}. */
        public static Response json(int status, Object value) {
            return new Response(status, "application/json", JsonText.write(value));
        }
    }

    /** True for a public route: the same as {@code callers()} answering {@link Callers#ANYONE}. */
    default boolean publicAccess() {
        return false;
    }

    /** Who may call this route: {@link Callers#SIGNED_IN} unless {@link #publicAccess()}. */
    default Callers callers() {
        return publicAccess() ? Callers.ANYONE : Callers.SIGNED_IN;
    }

    Response handle(Request request, PluginContext context) throws Exception;
}
