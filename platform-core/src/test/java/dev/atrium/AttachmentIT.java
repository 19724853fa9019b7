package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attachments: the type comes from the bytes (an HTML page named .png is a download, never rendered), a
 * real image may be shown inline, the same bytes are stored once, access is the record's (another rep and
 * the recycle bin hide the files, restoring brings them back), and limits answer with a problem.
 */
public class AttachmentIT {
    public static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    static Api admin;
    static Api rep;
    static String deal;

    @BeforeAll
    static void setUp() {
        admin = TestPlatform.tenantWithAdmin("att");
        Res d = admin.deploy(new JsonObject("""
                {"entities": [{"name": "deal", "titleField": "name",
                               "fields": [{"name": "name", "type": "text"}]}]}"""));
        assertEquals(201, d.status(), d.body());
        String set = admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name": "reps", "definition": {"entities": {"deal": {"create": true, "read": true, "edit": true,
                  "delete": true,
                  "fields": {"name": {"edit": true}}}}}}"""))
                .json()
                .getString("id");
        rep = SecurityITUsers.user(admin, "rep", set);
        deal = admin.post("/api/v1/records/deal", new JsonObject().put("name", "Big one"))
                .json()
                .getString("id");
    }

    static HttpResponse<byte[]> download(Api who, String file, boolean inline) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + TestPlatform.get().port() + "/api/v1/files/" + file
                                                + (inline ? "?inline=true" : "")))
                                .header("Authorization", "Bearer " + who.token())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonObject attach(Api who, String name, byte[] data) {
        Res r = who.postBytes(
                "/api/v1/records/deal/" + deal + "/attachments?name=" + name, data, "application/octet-stream");
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    @Test
    void theTypeComesFromTheBytesAndOnlyRealImagesShowInline() throws Exception {
        JsonObject image = attach(admin, "logo.png", PNG);
        assertEquals("image/png", image.getString("contentType"));
        assertTrue(image.getBoolean("image"));
        var shown = download(admin, image.getString("id"), true);
        assertEquals(200, shown.statusCode());
        assertEquals("image/png", shown.headers().firstValue("content-type").orElse(""));
        assertTrue(shown.headers().firstValue("content-disposition").orElse("").startsWith("inline"));
        assertArrayEquals(PNG, shown.body());

        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        JsonObject fake = attach(admin, "cute-cat.png", html);
        assertEquals("application/octet-stream", fake.getString("contentType"), "HTML named .png is not an image");
        var sent = download(admin, fake.getString("id"), true);
        assertEquals(
                "application/octet-stream",
                sent.headers().firstValue("content-type").orElse(""));
        assertTrue(
                sent.headers().firstValue("content-disposition").orElse("").startsWith("attachment"),
                "always a download, even when asked inline");
        assertEquals(
                "nosniff", sent.headers().firstValue("x-content-type-options").orElse(""));
        assertTrue(
                sent.headers().firstValue("content-security-policy").orElse("").contains("sandbox"));

        JsonObject again = attach(admin, "../../etc/logo-copy.png", PNG);
        assertEquals(image.getString("sha256"), again.getString("sha256"), "the same bytes, one stored copy");
        assertEquals("logo-copy.png", again.getString("name"), "no path in a name");
    }

    @Test
    void accessIsTheRecordsAndTheRecycleBinHidesTheFiles() throws Exception {
        String mine = rep.post("/api/v1/records/deal", new JsonObject().put("name", "Rep's deal"))
                .json()
                .getString("id");
        Res up = rep.postBytes(
                "/api/v1/records/deal/" + mine + "/attachments?name=notes.txt",
                "call back on Monday".getBytes(StandardCharsets.UTF_8),
                "text/plain");
        assertEquals(201, up.status(), up.body());
        String file = up.json().getString("id");
        assertEquals("text/plain", up.json().getString("contentType"));

        assertEquals(
                404, rep.get("/api/v1/records/deal/" + deal + "/attachments").status(), "not the rep's record");
        JsonObject adminsFile = attach(admin, "secret.txt", "the price floor is 90".getBytes(StandardCharsets.UTF_8));
        assertEquals(404, download(rep, adminsFile.getString("id"), false).statusCode(), "nor its files");
        assertEquals(
                404,
                rep.postBytes(
                                "/api/v1/records/deal/" + deal + "/attachments?name=x.txt",
                                "x".getBytes(StandardCharsets.UTF_8),
                                "text/plain")
                        .status());

        assertEquals(204, rep.delete("/api/v1/records/deal/" + mine).status());
        assertEquals(404, download(rep, file, false).statusCode(), "in the recycle bin with its record");
        assertEquals(
                200,
                rep.post("/api/v1/records/deal/" + mine + "/restore", new JsonObject())
                        .status());
        var back = download(rep, file, false);
        assertEquals(200, back.statusCode(), "restored with its record");
        assertEquals("call back on Monday", new String(back.body(), StandardCharsets.UTF_8));

        assertEquals(204, rep.delete("/api/v1/files/" + file).status());
        JsonArray left =
                rep.get("/api/v1/records/deal/" + mine + "/attachments").json().getJsonArray("data");
        assertEquals(0, left.size());
        JsonArray audit = admin.get("/api/v1/audit?action=attach").json().getJsonArray("data");
        assertTrue(audit.size() >= 1, "attaching is audited: " + audit);
    }

    @Test
    void anEmptyOrOversizedFileIsRefused() {
        Res empty = admin.postBytes(
                "/api/v1/records/deal/" + deal + "/attachments?name=empty.txt", new byte[0], "text/plain");
        assertEquals(422, empty.status(), empty.body());
        Res big = admin.postBytes(
                "/api/v1/records/deal/" + deal + "/attachments?name=big.bin",
                new byte[(int) dev.atrium.files.Attachments.MAX_FILE + 10],
                "application/octet-stream");
        assertEquals(413, big.status());
    }

    @Test
    void aFileFieldHoldsOneOfTheRecordsOwnFiles() {
        Res d = admin.deploy(new JsonObject("""
                {"mode": "merge", "entities": [{"name": "lease", "titleField": "name", "fields": [
                  {"name": "name", "type": "text"}, {"name": "signed_copy", "type": "file"}]}]}"""));
        assertEquals(201, d.status(), d.body());
        String early = "00000000-0000-0000-0000-000000000001";
        Res tooSoon = admin.post(
                "/api/v1/records/lease", new JsonObject().put("name", "A").put("signed_copy", early));
        assertEquals(422, tooSoon.status(), tooSoon.body());
        assertTrue(tooSoon.body().contains("/signed_copy") && tooSoon.body().contains("save the record first"));
        String a = admin.post("/api/v1/records/lease", new JsonObject().put("name", "A"))
                .json()
                .getString("id");
        String b = admin.post("/api/v1/records/lease", new JsonObject().put("name", "B"))
                .json()
                .getString("id");
        String mine = admin.postBytes(
                        "/api/v1/records/lease/" + a + "/attachments?name=signed.pdf",
                        "%PDF-1.7 signed".getBytes(StandardCharsets.ISO_8859_1),
                        "application/pdf")
                .json()
                .getString("id");
        String theirs = admin.postBytes(
                        "/api/v1/records/lease/" + b + "/attachments?name=other.pdf",
                        "%PDF-1.7 other".getBytes(StandardCharsets.ISO_8859_1),
                        "application/pdf")
                .json()
                .getString("id");
        Res wrong = admin.patch("/api/v1/records/lease/" + a, new JsonObject().put("signed_copy", theirs), null);
        assertEquals(422, wrong.status(), "another record's file: " + wrong.body());
        Res set = admin.patch("/api/v1/records/lease/" + a, new JsonObject().put("signed_copy", mine), null);
        assertEquals(200, set.status(), set.body());
        assertEquals(mine, admin.get("/api/v1/records/lease/" + a).json().getString("signed_copy"));
        JsonObject info = admin.get("/api/v1/files/" + mine + "/info").json();
        assertEquals("signed.pdf", info.getString("name"));
        assertEquals("application/pdf", info.getString("contentType"));
        assertEquals(404, rep.get("/api/v1/files/" + mine + "/info").status(), "as private as the record");
        assertEquals(204, admin.delete("/api/v1/files/" + mine).status());
        Res gone = admin.patch("/api/v1/records/lease/" + a, new JsonObject().put("signed_copy", mine), null);
        assertEquals(422, gone.status(), "a removed file cannot be set again: " + gone.body());
    }
}
