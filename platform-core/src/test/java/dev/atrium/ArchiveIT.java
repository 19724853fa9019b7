package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.archive.TenantRestore;
import dev.atrium.files.LocalFileStore;
import dev.atrium.internal.ApiProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * An organisation written to one archive and restored as a new one beside it: the same records with the
 * same ids, lookups, many-to-many links, numbers (and the next one continuing), the recycle bin, files,
 * currencies, users who sign in with their own passwords and keep their permission sets, and records
 * still owned by the same people (under their new ids). A damaged archive changes nothing.
 */
class ArchiveIT {
    @Test
    void anOrganisationRestoresIntoANewOneWithEverythingItHad() throws Exception {
        Platform p = TestPlatform.get();
        Api admin = TestPlatform.tenantWithAdmin("arch");
        assertEquals(201, admin.deploy(new JsonObject("""
                {"entities": [
                  {"name": "tag", "titleField": "name", "fields": [{"name": "name", "type": "text"}]},
                  {"name": "client", "titleField": "name", "fields": [
                    {"name": "number", "type": "autonumber", "prefix": "CL-", "digits": 4},
                    {"name": "name", "type": "text", "required": true},
                    {"name": "manager", "type": "user"},
                    {"name": "parent", "type": "lookup", "target": "client"},
                    {"name": "budget", "type": "currency"},
                    {"name": "tags", "type": "many_to_many", "target": "tag"}]}]}""")).status());
        assertEquals(
                200,
                admin.put("/api/v1/currencies", new JsonObject().put("corporate", "EUR"))
                        .status());
        String sets = admin.post("/api/v1/access/permission-sets", new JsonObject("""
                        {"name": "Client readers", "definition": {"entities": {
                          "client": {"read": true, "viewAll": true}}}}"""))
                .json()
                .getString("id");
        String email = "reader@" + admin.slug + ".test";
        var reader = admin.post(
                "/api/v1/users",
                new JsonObject()
                        .put("email", email)
                        .put("password", "reader's own passphrase 1")
                        .put("displayName", "Rita Reader")
                        .put("permissionSets", new JsonArray().add(sets)));
        assertEquals(201, reader.status(), reader.body());
        String readerId = reader.json().getString("id");
        String vip = created(admin, "tag", new JsonObject().put("name", "vip"));
        String child = created(admin, "client", new JsonObject().put("name", "Child Co"));
        String parent = created(
                admin,
                "client",
                new JsonObject()
                        .put("name", "Parent Co")
                        .put("manager", readerId)
                        .put("budget", new JsonObject().put("amount", "1250.50").put("currency", "USD"))
                        .put("tags", new JsonArray().add(vip)));
        assertEquals(
                200,
                admin.patch("/api/v1/records/client/" + child, new JsonObject().put("parent", parent), null)
                        .status());
        String binned = created(admin, "client", new JsonObject().put("name", "Gone Co"));
        assertEquals(204, admin.delete("/api/v1/records/client/" + binned).status());
        byte[] pdf = "%PDF-1.4 the contract".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(
                201,
                admin.postBytes(
                                "/api/v1/records/client/" + parent + "/attachments?name=contract.pdf",
                                pdf,
                                "application/pdf")
                        .status());

        Api someone = login(admin.slug, email, "reader's own passphrase 1");
        assertEquals(200, someone.get("/api/v1/records/client/" + parent).status(), "she reads the clients");
        assertEquals(403, status(() -> someone.getBytes("/api/v1/archive")), "administrators only");
        byte[] zip = admin.getBytes("/api/v1/archive");
        Map<String, byte[]> entries = entries(zip);
        assertTrue(
                entries.containsKey("manifest.json") && entries.containsKey("records/client.jsonl"),
                entries.keySet().toString());
        assertTrue(new String(entries.get("audit.jsonl"), StandardCharsets.UTF_8).contains(parent), "the trail too");

        Path file = Files.createTempFile(Path.of("target"), "archive", ".zip");
        Files.write(file, zip);
        String copy = admin.slug + "_copy";
        JsonObject done = p.blocking(() -> restore().restore(file, copy, "The copy"));
        assertEquals(3, done.getJsonObject("counts").getLong("records/client"));

        Api again = login(copy, admin.email, TestPlatform.PASSWORD);
        JsonObject restored = again.get("/api/v1/records/client/" + parent).json();
        assertEquals("Parent Co", restored.getString("name"), "the same record under the same id");
        assertEquals(
                "1250.50",
                new java.math.BigDecimal(restored.getJsonObject("budget")
                                .getValue("amount")
                                .toString())
                        .setScale(2)
                        .toPlainString());
        assertEquals(
                vip,
                restored.getJsonArray("tags").getValue(0) instanceof JsonObject o
                        ? o.getString("id")
                        : restored.getJsonArray("tags").getString(0));
        assertEquals(
                parent, ref(again.get("/api/v1/records/client/" + child).json().getValue("parent")));
        String newReader = ref(restored.getValue("manager"));
        assertNotEquals(readerId, newReader, "people get new ids in the copy");
        Api rita = login(copy, email, "reader's own passphrase 1");
        assertEquals(200, rita.get("/api/v1/records/client/" + parent).status(), "her permission set came along");
        assertEquals(
                newReader,
                rita.get("/api/v1/auth/session").json().getJsonObject("user").getString("id"),
                "and the record points at her");
        assertEquals(
                1,
                again.get("/api/v1/records/client?deleted=true")
                        .json()
                        .getJsonArray("data")
                        .size());
        JsonArray files = again.get("/api/v1/records/client/" + parent + "/attachments")
                .json()
                .getJsonArray("data");
        assertArrayEquals(
                pdf, again.getBytes("/api/v1/files/" + files.getJsonObject(0).getString("id")));
        assertEquals("EUR", again.get("/api/v1/currencies").json().getString("corporate"));
        String next = again.post("/api/v1/records/client", new JsonObject().put("name", "New Co"))
                .json()
                .getString("number");
        assertEquals("CL-0004", next, "numbering goes on after the restored records");
        assertEquals(
                2, admin.get("/api/v1/records/client?count=true").json().getInteger("total"), "the original as it was");

        // a damaged archive: refused, and no organisation is left behind
        Path broken = Files.createTempFile(Path.of("target"), "broken", ".zip");
        try (OutputStream out = Files.newOutputStream(broken);
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                if (e.getKey().equals("records/client.jsonl")) {
                    // a client whose parent is not in the archive
                    JsonObject orphan = new JsonObject(new String(e.getValue(), StandardCharsets.UTF_8)
                                    .lines()
                                    .findFirst()
                                    .orElseThrow())
                            .put("id", UUID.randomUUID().toString())
                            .put("parent", UUID.randomUUID().toString());
                    z.write((orphan.encode() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                z.closeEntry();
            }
        }
        String other = admin.slug + "_bad";
        RuntimeException bad = assertThrows(
                RuntimeException.class, () -> p.blocking(() -> restore().restore(broken, other, null)));
        assertTrue(String.valueOf(bad.getMessage()).contains("foreign key"), "checked at commit: " + bad);
        assertTrue(p.tenants().bySlug(other).isEmpty(), "all or nothing");
        Path notOne = Files.createTempFile(Path.of("target"), "plain", ".zip");
        Files.write(notOne, entriesZip(Map.of("hello.txt", "hi")));
        ApiProblem refused =
                assertThrows(ApiProblem.class, () -> p.blocking(() -> restore().restore(notOne, other, null)));
        assertTrue(refused.getMessage().contains("not an Atrium archive"), refused.getMessage());
    }

    /** A fresh platform on a database of its own: the organisation comes back under its own slug. */
    @Test
    void anOrganisationRestoresIntoAFreshDatabase() throws Exception {
        Api admin = TestPlatform.tenantWithAdmin("moving");
        assertEquals(201, admin.deploy(new JsonObject("""
                {"entities": [{"name": "note", "titleField": "title", "fields": [
                  {"name": "title", "type": "text"}]}]}""")).status());
        String id = created(admin, "note", new JsonObject().put("title", "kept across servers"));
        Path file = Files.createTempFile(Path.of("target"), "moving", ".zip");
        Files.write(file, admin.getBytes("/api/v1/archive"));
        Platform fresh = TestPlatform.isolated();
        try {
            assertTrue(fresh.tenants().all().isEmpty(), "a database with no organisation");
            JsonObject done = fresh.blocking(() -> restore(fresh).restore(file, admin.slug, "Moved"));
            assertEquals(1, done.getJsonObject("counts").getLong("records/note"));
            Api there = new Api(
                    fresh.port(),
                    new Api(fresh.port(), null)
                            .loginSession(admin.slug, admin.email, TestPlatform.PASSWORD)
                            .getString("token"));
            assertEquals(
                    "kept across servers",
                    there.get("/api/v1/records/note/" + id).json().getString("title"));
            var verified = there.get("/api/v1/audit/verify").json();
            assertEquals(true, verified.getBoolean("valid"), verified.encode());
        } finally {
            fresh.close();
        }
    }

    private static TenantRestore restore() {
        return restore(TestPlatform.get());
    }

    private static TenantRestore restore(Platform p) {
        return new TenantRestore(
                p.pool(),
                p.tenants(),
                p.deployments(),
                new LocalFileStore(p.config().dataDir()),
                p.views());
    }

    private static String created(Api api, String entity, JsonObject body) {
        var r = api.post("/api/v1/records/" + entity, body);
        assertEquals(201, r.status(), r.body());
        return r.json().getString("id");
    }

    private static String ref(Object v) {
        return v instanceof JsonObject o ? o.getString("id") : (String) v;
    }

    private static Api login(String slug, String email, String password) {
        int port = TestPlatform.get().port();
        return new Api(
                port, new Api(port, null).loginSession(slug, email, password).getString("token"));
    }

    private static int status(Runnable r) {
        try {
            r.run();
            return 200;
        } catch (IllegalStateException e) {
            return Integer.parseInt(e.getMessage().substring(0, 3));
        }
    }

    private static Map<String, byte[]> entries(byte[] zip) throws Exception {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry())
                out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }

    private static byte[] entriesZip(Map<String, String> files) throws Exception {
        var buf = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(buf)) {
            for (var e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return buf.toByteArray();
    }
}
