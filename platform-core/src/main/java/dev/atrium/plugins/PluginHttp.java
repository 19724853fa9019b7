package dev.atrium.plugins;

import dev.atrium.plugin.api.OutboundHttp;
import dev.atrium.plugin.api.PluginException;
import dev.atrium.workflow.SsrfGuard;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outbound HTTP for plugins: resolved once, checked by the SSRF guard, connected to the checked address, no redirects,
 * 1 MiB answers.
 */
final class PluginHttp implements OutboundHttp {
    private static final int MAX_BODY = 1 << 20;
    private final HttpClient client;
    private final SsrfGuard guard;

    PluginHttp(Vertx vertx, SsrfGuard guard) {
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(15));
        this.guard = guard;
    }

    @Override
    public Response send(String method, String url, Map<String, String> headers, String body) {
        URI target;
        InetAddress address;
        try {
            target = SsrfGuard.parse(url);
            address = guard.resolve(target);
        } catch (SsrfGuard.Refused r) {
            throw new PluginException("outbound call refused: " + r.getMessage());
        }
        int port = SsrfGuard.port(target);
        String path = (target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath())
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT)))
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(target.getHost())
                .setPort(port)
                .setURI(path)
                .setSsl(target.getScheme().equalsIgnoreCase("https"))
                .setFollowRedirects(false)
                .setTimeout(10_000);
        if (headers != null) headers.forEach(options::putHeader);
        return OnVirtualThread.run(() -> {
            Buffer payload = body == null ? Buffer.buffer() : Buffer.buffer(body);
            HttpClientResponse[] holder = new HttpClientResponse[1];
            Buffer answer = client.request(options)
                    .compose(req -> req.send(payload))
                    .compose(resp -> {
                        holder[0] = resp;
                        return resp.body();
                    })
                    .await();
            if (answer.length() > MAX_BODY)
                throw new PluginException("the answer from " + target.getHost() + " is larger than 1 MiB");
            Map<String, String> h = new LinkedHashMap<>();
            holder[0].headers().forEach(en -> h.put(en.getKey().toLowerCase(java.util.Locale.ROOT), en.getValue()));
            return new Response(holder[0].statusCode(), h, answer.toString());
        });
    }
}
