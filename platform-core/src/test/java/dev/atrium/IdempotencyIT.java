package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A client that retries a create (its answer was lost: a 502 while a node died) sends the same
 * Idempotency-Key and gets the record created the first time, never a second one; eight retries at once
 * make one record; the same key with another request is refused.
 */
class IdempotencyIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aRetriedCreateAnswersTheFirstRecordAndNeverMakesASecond() throws Exception {
        Api api = TestPlatform.tenantWithAdmin("idem");
        assertEquals(201, api.deploy(new JsonObject("""
                        {"entities": [{"name": "order", "fields": [{"name": "ref", "type": "text"}]}]}""")).status());
        HttpResponse<String> first = post(api, "key-1", "{\"ref\": \"A-1\"}");
        assertEquals(201, first.statusCode(), first.body());
        String id = new JsonObject(first.body()).getString("id");
        assertTrue(first.headers().firstValue("Idempotent-Replayed").isEmpty());

        HttpResponse<String> again = post(api, "key-1", "{\"ref\": \"A-1\"}");
        assertEquals(201, again.statusCode(), again.body());
        assertEquals(id, new JsonObject(again.body()).getString("id"), "the first record");
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(1, count(api, "A-1"));

        HttpResponse<String> other = post(api, "key-1", "{\"ref\": \"A-2\"}");
        assertEquals(422, other.statusCode(), other.body());
        assertTrue(other.body().contains("/Idempotency-Key") && other.body().contains("different request"));
        assertEquals(0, count(api, "A-2"), "nothing made");
        assertEquals(422, post(api, "x".repeat(300), "{\"ref\": \"A-3\"}").statusCode());

        var pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(pool.submit((Callable<HttpResponse<String>>) () -> post(api, "key-2", "{\"ref\": \"B-1\"}")));
        }
        Set<String> ids = all.stream()
                .map(f -> {
                    try {
                        HttpResponse<String> r = f.get();
                        assertEquals(201, r.statusCode(), r.body());
                        return new JsonObject(r.body()).getString("id");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.toSet());
        pool.close();
        assertEquals(1, ids.size(), "eight retries at once answer one record");
        assertEquals(1, count(api, "B-1"));
    }

    static HttpResponse<String> post(Api api, String key, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + TestPlatform.get().port() + "/api/v1/records/order"))
                        .header("Authorization", "Bearer " + api.token())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int count(Api api, String ref) {
        return api.get("/api/v1/records/order?count=true&filter=ref%20%3D%20%27" + ref + "%27")
                .json()
                .getInteger("total");
    }
}
