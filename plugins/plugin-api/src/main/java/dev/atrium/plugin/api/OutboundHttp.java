package dev.atrium.plugin.api;

import java.util.Map;

/**
 * HTTP calls out of the platform. The host name is resolved once and checked against the SSRF guard;
 * the connection goes to that checked address; redirects are not followed.
 */
public interface OutboundHttp {

    record Response(int status, Map<String, String> headers, String body) {}

    /** Sends a request; throws {@link PluginException} when the address is refused or unreachable. */
    Response send(String method, String url, Map<String, String> headers, String body);
}
