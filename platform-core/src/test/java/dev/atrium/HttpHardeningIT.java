package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What reaches the server before and around the API handlers: bodies, uploads, malformed requests. */
class HttpHardeningIT {
    static Api admin;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void setUp() {
        admin = TestPlatform.tenantWithAdmin("http");
    }

    static HttpResponse<String> multipart(String path, String token) throws Exception {
        String boundary = "atrium-test-boundary";
        String file = "x".repeat(1 << 20);
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + file + "\r\n--" + boundary + "--\r\n";
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + TestPlatform.get().port() + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static long uploadedFiles() throws Exception {
        Path dir = Path.of("file-uploads");
        if (!Files.isDirectory(dir)) return 0;
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void multipartBodiesAreNeverWrittenToDisk() throws Exception {
        long before = uploadedFiles();
        HttpResponse<String> anonymous = multipart("/api/v1/no/such/path", null);
        assertEquals(401, anonymous.statusCode(), "nothing but login and health without authentication");
        HttpResponse<String> signedIn = multipart("/api/v1/records/nothing", admin.token());
        assertTrue(signedIn.statusCode() >= 400, signedIn.body());
        assertEquals(before, uploadedFiles(), "no upload file was left behind");
        assertFalse(Files.exists(Path.of("file-uploads")), "no upload directory was even created");
    }

    @Test
    void publicRoutesTakeOnlySmallBodies() throws Exception {
        String big = "{\"tenant\":\"" + "x".repeat(200_000) + "\"}";
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + TestPlatform.get().port() + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(big))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
    }

    static void problemAt(TestPlatform.Res r, int status, String pointer) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        if (pointer != null) {
            assertEquals(
                    pointer, r.json().getJsonArray("errors").getJsonObject(0).getString("pointer"), r.body());
        }
    }

    @Test
    void wronglyTypedJsonIsAProblemAtItsMember() {
        problemAt(admin.send("POST", "/api/v1/metadata/deployments", "[1, 2]", null, null), 422, "");
        problemAt(
                admin.deploy(new io.vertx.core.json.JsonObject()
                        .put("entities", new io.vertx.core.json.JsonArray())
                        .put("dryRun", "yes")),
                422,
                "/dryRun");
        problemAt(
                admin.post("/api/v1/records/nothing/bulk", new io.vertx.core.json.JsonObject().put("records", "x")),
                404,
                null);
        admin.deploy(new io.vertx.core.json.JsonObject()
                .put(
                        "entities",
                        new io.vertx.core.json.JsonArray()
                                .add(new io.vertx.core.json.JsonObject(
                                        "{\"name\":\"note\",\"fields\":[{\"name\":\"name\",\"type\":\"text\"}]}"))));
        problemAt(
                admin.post("/api/v1/records/note/bulk", new io.vertx.core.json.JsonObject().put("records", "x")),
                422,
                "/records");
        problemAt(
                admin.put(
                        "/api/v1/audit/retention",
                        new io.vertx.core.json.JsonObject()
                                .put("entity", "note")
                                .put("days", "abc")),
                422,
                "/days");
        problemAt(admin.send("POST", "/api/v1/records/note", "{\"name\": \"\\ud800x\"}", null, null), 422, "/name");
        problemAt(admin.send("POST", "/api/v1/records/note", "{not json", null, null), 400, null);
    }

    @Test
    void longUrlsAndBadCursorsAnswerProblems() {
        String filter = java.net.URLEncoder.encode("name = '" + "x".repeat(4000) + "'", StandardCharsets.UTF_8);
        TestPlatform.Res fourKb = admin.get("/api/v1/records/nothing?filter=" + filter);
        assertEquals(404, fourKb.status(), "a 4 KB URL is an ordinary request: " + fourKb.body());
        String huge = raw("GET /api/v1/records/nothing?filter=" + "x".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(huge.startsWith("HTTP/1.0 414") || huge.startsWith("HTTP/1.1 414"), huge);
        assertTrue(huge.contains("application/problem+json") && huge.contains("\"status\":414"), huge);
        admin.deploy(new io.vertx.core.json.JsonObject()
                .put(
                        "entities",
                        new io.vertx.core.json.JsonArray()
                                .add(new io.vertx.core.json.JsonObject(
                                        "{\"name\":\"pin\",\"fields\":[{\"name\":\"name\",\"type\":\"text\"}]}"))));
        TestPlatform.Res cursor = admin.get("/api/v1/records/pin?cursor=not-a-cursor");
        assertEquals(400, cursor.status(), cursor.body());
        assertTrue(cursor.contentType().startsWith("application/problem+json"), cursor.contentType());
        assertEquals(
                "cursor", cursor.json().getJsonArray("errors").getJsonObject(0).getString("parameter"));
    }

    /** What the server answers to bytes sent as they are (for requests no HTTP client library would send). */
    static String raw(String request) {
        try (java.net.Socket socket =
                new java.net.Socket("127.0.0.1", TestPlatform.get().port())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A login from a client address of its own (127.0.0.x), so these failures count for nobody else. */
    static int login(String from, String tenant, String email, String password) {
        String body = new io.vertx.core.json.JsonObject()
                .put("tenant", tenant)
                .put("email", email)
                .put("password", password)
                .encode();
        String request = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n"
                + body;
        try (java.net.Socket socket = new java.net.Socket(
                java.net.InetAddress.getByName("127.0.0.1"),
                TestPlatform.get().port(),
                java.net.InetAddress.getByName(from),
                0)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return Integer.parseInt(answer.substring(9, 12));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theLockoutTellsNothingAboutWhichAccountsExist() {
        java.util.List<Integer> real = new java.util.ArrayList<>();
        java.util.List<Integer> ghost = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            real.add(login("127.0.0.2", admin.slug, admin.email, "wrong password " + i));
            ghost.add(login("127.0.0.2", admin.slug, "nobody@nowhere.test", "wrong password " + i));
        }
        assertEquals(real, ghost, "the same answers for an account that exists and one that does not");
        assertEquals(java.util.List.of(401, 401, 401, 401, 401, 423), real);
    }

    @Test
    void manyFailuresFromOneAddressAreSlowedDown() {
        int last = 0;
        for (int i = 0; i < 21; i++)
            last = login("127.0.0.3", admin.slug, "someone" + i + "@nowhere.test", "wrong " + i);
        assertEquals(429, last, "more than 20 failures from one address in 10 minutes");
        assertEquals(
                401, login("127.0.0.4", admin.slug, "someone@nowhere.test", "wrong"), "another address is not slowed");
    }
}
