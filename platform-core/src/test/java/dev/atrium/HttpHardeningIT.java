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
}
