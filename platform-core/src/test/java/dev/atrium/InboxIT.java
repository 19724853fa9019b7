package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Workflow notifications land in the owner's inbox and are pushed live over server-sent events. */
class InboxIT {
    static Api api;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("inbox");
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"case","fields":[{"name":"subject","type":"text"}],
                  "workflows":[{"name":"tell_owner","on":["create"],
                    "actions":[{"type":"notify","values":{"user":"{{owner_id}}","title":"{{subject}}",\
                "body":"A new case was opened"}}]}]}]""")));
        assertEquals(201, d.status(), d.body());
    }

    @Test
    void notificationsArePushedLiveAndListedUntilRead() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest req = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + TestPlatform.get().port() + "/api/v1/notifications/stream"))
                .header("Authorization", "Bearer " + api.token())
                .build();
        var stream = HttpClient.newHttpClient().sendAsync(req, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        Thread.ofVirtual().start(() -> response.body().forEach(lines::add));
        assertEquals(": connected", lines.poll(10, TimeUnit.SECONDS));

        api.post("/api/v1/records/case", new JsonObject().put("subject", "Printer is on fire"));
        TestPlatform.drainJobs(api.tenant.id());
        String event = null;
        for (int i = 0; i < 20 && event == null; i++) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("data: ")) event = line.substring(6);
        }
        assertNotNull(event, "the notification was pushed over the stream");
        assertEquals("Printer is on fire", new JsonObject(event).getString("title"));

        JsonObject inbox = api.get("/api/v1/notifications?unread=true").json();
        assertEquals(1, inbox.getLong("unread"));
        long id = inbox.getJsonArray("data").getJsonObject(0).getLong("id");
        Api other = TestPlatform.tenantWithAdmin("inbox_other");
        assertEquals(
                404,
                other.post("/api/v1/notifications/" + id + "/read", new JsonObject())
                        .status(),
                "nobody else can touch it");
        assertEquals(
                204,
                api.post("/api/v1/notifications/" + id + "/read", new JsonObject())
                        .status());
        assertEquals(0, api.get("/api/v1/notifications").json().getLong("unread"));
    }
}
