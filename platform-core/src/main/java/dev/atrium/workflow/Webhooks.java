package dev.atrium.workflow;

import dev.atrium.internal.Ids;
import dev.atrium.tenant.Tenant;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends webhooks: a JSON POST signed with the tenant's key ({@code X-Atrium-Signature: sha256=<hex HMAC
 * of the body>}) and carrying a delivery id ({@code X-Atrium-Delivery}) that stays the same on retries, so
 * receivers can drop duplicates. Every hop (the URL and each redirect) is checked by the
 * {@link SsrfGuard} and connected to the checked address. Awaits: virtual threads only.
 */
public final class Webhooks {
    private static final int MAX_REDIRECTS = 3;
    private final HttpClient client;
    private final SsrfGuard guard;
    private final Pool pool;

    public Webhooks(Vertx vertx, Pool pool, SsrfGuard guard) {
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(15));
        this.pool = pool;
        this.guard = guard;
    }

    public SsrfGuard guard() {
        return guard;
    }

    /** Posts the body; returns the final HTTP status, or throws (the job retries) on refusal or failure. */
    public int send(Tenant tenant, String url, JsonObject body, String deliveryId) throws SsrfGuard.Refused {
        Buffer payload = body.toBuffer();
        String signature = "sha256=" + HexFormat.of().formatHex(hmac(secret(tenant), payload.getBytes()));
        URI target = SsrfGuard.parse(url);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            InetAddress address = guard.resolve(target);
            int port = SsrfGuard.port(target);
            String path = (target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath())
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                    .setHost(target.getHost())
                    .setPort(port)
                    .setURI(path)
                    .setSsl(target.getScheme().equalsIgnoreCase("https"))
                    .setFollowRedirects(false)
                    .setTimeout(10_000)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("User-Agent", "Atrium-Webhook/1")
                    .putHeader("X-Atrium-Signature", signature)
                    .putHeader("X-Atrium-Delivery", deliveryId);
            String request = org.slf4j.MDC.get(dev.atrium.internal.LogSetup.REQUEST_ID);
            if (request != null) options.putHeader("X-Request-Id", request);
            // read the body in the same chain: once this thread resumes, the response may already have ended
            HttpClientResponse response = client.request(options)
                    .compose(req -> req.send(payload))
                    .compose(resp -> resp.body().map(ignored -> resp))
                    .await();
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.getHeader("Location") != null) {
                target = SsrfGuard.parse(
                        target.resolve(response.getHeader("Location")).toString());
                continue;
            }
            if (status >= 200 && status < 300) return status;
            throw new IllegalStateException("the webhook answered HTTP " + status);
        }
        throw new IllegalStateException("the webhook redirected more than " + MAX_REDIRECTS + " times");
    }

    /** The tenant's signing key, created on first use. */
    public String secret(Tenant tenant) {
        for (Row r : pool.preparedQuery(
                        "UPDATE atrium.tenants SET webhook_secret = coalesce(webhook_secret, $2) WHERE id = "
                                + "$1 RETURNING webhook_secret")
                .execute(Tuple.of(tenant.id(), Ids.randomToken(32)))
                .await()) {
            return r.getString(0);
        }
        throw new IllegalStateException("no tenant " + tenant.id());
    }

    static byte[] hmac(String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
