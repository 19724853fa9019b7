package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Webhook actions: signed deliveries to an allowed receiver; internal targets refused at save and at send. */
class WebhookIT {
    static Api api;
    static Vertx vertx;
    static HttpServer receiver;
    static int port;
    static final List<JsonObject> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        receiver = vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    if (req.path().equals("/redirect")) {
                        req.response()
                                .setStatusCode(302)
                                .putHeader("Location", "http://127.0.0.1:1/internal")
                                .end();
                        return;
                    }
                    received.add(new JsonObject()
                            .put("body", body.toString())
                            .put("signature", req.getHeader("X-Atrium-Signature"))
                            .put("delivery", req.getHeader("X-Atrium-Delivery"))
                            .put("request", req.getHeader("X-Request-Id")));
                    req.response().setStatusCode(204).end();
                }))
                .listen(0, "127.0.0.1")
                .await();
        port = receiver.actualPort();
        TestPlatform.get().webhooks().guard().allow("127.0.0.1:" + port);
        api = TestPlatform.tenantWithAdmin("webhook");
    }

    @AfterAll
    static void tearDown() {
        vertx.close().await();
    }

    static JsonObject entity(String name, String url) {
        return new JsonObject()
                .put("name", name)
                .put(
                        "fields",
                        new JsonArray()
                                .add(new JsonObject().put("name", "title").put("type", "text")))
                .put(
                        "workflows",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "notify")
                                        .put("on", new JsonArray().add("create"))
                                        .put(
                                                "actions",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put("type", "webhook")
                                                                .put("url", url)))));
    }

    static void process() {
        TestPlatform.drainJobs(api.tenant.id());
    }

    @Test
    void deliveriesAreSignedAndCarryADeliveryId() throws Exception {
        assertEquals(
                201,
                api.deploy(new JsonObject()
                                .put(
                                        "entities",
                                        new JsonArray().add(entity("lead", "http://127.0.0.1:" + port + "/hook"))))
                        .status());
        // the request's id travels with its change to the audit trail, the job and the webhook
        var created = api.send(
                "POST",
                "/api/v1/records/lead",
                new JsonObject().put("title", "Hello").encode(),
                null,
                "header:X-Request-Id:trace-webhook-1");
        assertEquals(201, created.status());
        process();
        JsonObject got = received.stream()
                .filter(r -> r.getString("body").contains("Hello"))
                .findFirst()
                .orElseThrow();
        Platform p = TestPlatform.get();
        String secret = p.blocking(() -> p.webhooks().secret(api.tenant));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertEquals(
                "sha256="
                        + HexFormat.of()
                                .formatHex(mac.doFinal(got.getString("body").getBytes(StandardCharsets.UTF_8))),
                got.getString("signature"));
        assertTrue(got.getString("delivery").startsWith("job-"));
        assertEquals("trace-webhook-1", got.getString("request"));
        String audited = p.blocking(() -> p.pool()
                .preparedQuery("SELECT request_id FROM atrium.audit_log WHERE record_id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(
                        java.util.UUID.fromString(created.json().getString("id"))))
                .await()
                .iterator()
                .next()
                .getString(0));
        assertEquals("trace-webhook-1", audited);
        assertEquals("lead", new JsonObject(got.getString("body")).getString("entity"));
    }

    @Test
    void internalTargetsAreRefusedAtSave() {
        for (String url : new String[] {
            "http://169.254.169.254/latest/meta-data",
            "http://127.0.0.1:5432/",
            "http://[::ffff:127.0.0.1]/",
            "http://2130706433/",
            "http://10.0.0.8/",
            "http://0.0.0.0/"
        }) {
            Res r = api.deploy(new JsonObject().put("entities", new JsonArray().add(entity("blocked", url))));
            assertEquals(422, r.status(), url + ": " + r.body());
            assertEquals(
                    "/entities/0/workflows/0/actions/0/url",
                    r.json().getJsonArray("errors").getJsonObject(0).getString("pointer"),
                    url);
        }
    }

    @Test
    void aRedirectToAnInternalAddressIsRefusedAtSend() {
        assertEquals(
                201,
                api.deploy(new JsonObject()
                                .put(
                                        "entities",
                                        new JsonArray()
                                                .add(entity("ticket", "http://127.0.0.1:" + port + "/redirect"))))
                        .status());
        api.post("/api/v1/records/ticket", new JsonObject().put("title", "Redirected"));
        process();
        Platform p = TestPlatform.get();
        String error = p.blocking(() -> p.pool()
                .preparedQuery(
                        "SELECT last_error FROM atrium.jobs WHERE tenant_id = $1 AND payload->>'entity' = 'ticket'")
                .execute(Tuple.of(api.tenant.id()))
                .await()
                .iterator()
                .next()
                .getString(0));
        assertTrue(error != null && error.contains("internal"), "the redirect's target is checked too: " + error);
    }
}
