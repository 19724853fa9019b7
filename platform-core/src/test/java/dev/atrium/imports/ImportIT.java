package dev.atrium.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Importing files through the API the way the app does: columns mapped from headers in another language,
 * numbers and dates in a European format, a bad row reported with its reason in an error file that is
 * fixed and imported again, undo of exactly what an import did, upsert by a unique code with lookups by
 * name, Chinese (GB18030) and Russian (Windows-1251) files, and an import that crashes in the middle of
 * a batch and resumes with exactly every row once.
 */
class ImportIT {
    static Api api;
    static final String MINE = "code in ('A1', 'G1', 'B1')";

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("imp");
        Res d = api.deploy(new JsonObject("""
                {"entities": [
                  {"name": "company", "titleField": "name", "fields": [
                    {"name": "name", "type": "text", "required": true,
                     "label": {"en": "Name", "es": "Nombre", "zh-CN": "名称", "ru": "Название"}},
                    {"name": "code", "type": "text", "unique": true, "externalId": true,
                     "label": {"en": "Code", "es": "Código", "zh-CN": "代码", "ru": "Код"}},
                    {"name": "industry", "type": "picklist", "values": [
                      {"value": "retail", "label": {"en": "Retail", "es": "Comercio"}},
                      {"value": "tech", "label": {"en": "Technology", "es": "Tecnología"}}]},
                    {"name": "revenue", "type": "decimal", "label": {"en": "Revenue"}},
                    {"name": "founded", "type": "date", "label": {"en": "Founded"}}]},
                  {"name": "person", "titleField": "name", "fields": [
                    {"name": "name", "type": "text"},
                    {"name": "company", "type": "lookup", "target": "company", "label": {"en": "Company"}}]}
                ]}"""));
        assertEquals(201, d.status(), d.body());
    }

    @AfterEach
    void noCrash() {
        ImportRun.beforeCommit = row -> {};
    }

    static JsonObject upload(String entity, String name, byte[] data) {
        Res r = api.postBytes("/api/v1/imports?entity=" + entity + "&name=" + name, data, "text/csv");
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    static JsonObject run(JsonObject imp) {
        Res started = api.post("/api/v1/imports/" + imp.getString("id") + "/start", new JsonObject());
        assertEquals(202, started.status(), started.body());
        TestPlatform.drainJobs(api.tenant.id());
        return api.get("/api/v1/imports/" + imp.getString("id")).json();
    }

    static long count(String entity, String filter) {
        return api.get("/api/v1/records/" + entity + "?count=true&limit=1"
                        + (filter == null ? "" : "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)))
                .json()
                .getLong("total");
    }

    static JsonObject one(String entity, String filter) {
        JsonArray data = api.get(
                        "/api/v1/records/" + entity + "?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8))
                .json()
                .getJsonArray("data");
        assertEquals(1, data.size(), filter + ": " + data);
        return data.getJsonObject(0);
    }

    @Test
    void mapPreviewReportTheBadRowFixItAndUndo() {
        String csv = "\uFEFFNombre;Código;Industry;Revenue;Founded\n"
                + "Acme;A1;Comercio;1.234,50;31/12/2020\n"
                + "Globex;G1;tech;99,5;01/02/2021\n"
                + "Bad Co;B1;retail;lots;01/01/2020\n";
        JsonObject imp = upload("company", "companies.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals("UTF-8", imp.getJsonObject("settings").getString("encoding"));
        assertEquals(";", imp.getJsonObject("settings").getString("delimiter"));
        assertEquals(
                List.of("name", "code", "industry", "revenue", "founded"),
                imp.getJsonObject("settings").getJsonArray("fields").getList(),
                "suggested from Spanish and English headers");

        Res bad = api.patch("/api/v1/imports/" + imp.getString("id"), new JsonObject().put("dateFormat", "d/M"), null);
        assertEquals(422, bad.status(), bad.body());
        JsonObject set = api.patch(
                        "/api/v1/imports/" + imp.getString("id"),
                        new JsonObject().put("decimal", ",").put("dateFormat", "dd/MM/yyyy"),
                        null)
                .json();
        JsonObject first = set.getJsonArray("preview").getJsonObject(0).getJsonObject("values");
        assertEquals(
                0,
                new java.math.BigDecimal("1234.50")
                        .compareTo(new java.math.BigDecimal(
                                first.getValue("revenue").toString())));
        assertEquals("2020-12-31", first.getString("founded"));
        assertEquals("retail", first.getString("industry"), "picklist by its Spanish label");
        String problem = set.getJsonArray("preview")
                .getJsonObject(2)
                .getJsonArray("problems")
                .getString(0);
        assertTrue(problem.startsWith("Revenue") && problem.contains("lots"), problem);

        JsonObject done = run(imp).getJsonObject("progress");
        assertEquals("done", done.getString("status"));
        assertEquals(2, done.getInteger("created"));
        assertEquals(1, done.getInteger("errors"));
        assertEquals(2, count("company", MINE));

        Res errors = api.get("/api/v1/imports/" + imp.getString("id") + "/errors");
        assertEquals(200, errors.status());
        String[] lines = errors.body().split("\r\n");
        assertEquals("Nombre,Código,Industry,Revenue,Founded,error", lines[0]);
        assertEquals(2, lines.length, errors.body());
        assertTrue(
                lines[1].startsWith("Bad Co,B1,retail,lots,01/01/2020,") && lines[1].contains("not a number"),
                lines[1]);

        String fixed = errors.body().replace("lots", "10");
        JsonObject again = upload("company", "fixed.csv", fixed.getBytes(StandardCharsets.UTF_8));
        assertNull(
                again.getJsonObject("settings").getJsonArray("fields").getValue(5), "the error column is not imported");
        api.patch("/api/v1/imports/" + again.getString("id"), new JsonObject().put("dateFormat", "dd/MM/yyyy"), null);
        assertEquals(1, run(again).getJsonObject("progress").getInteger("created"));
        assertEquals(3, count("company", MINE));

        Res undo = api.post("/api/v1/imports/" + imp.getString("id") + "/undo", new JsonObject());
        assertEquals(200, undo.status(), undo.body());
        assertEquals(2, undo.json().getInteger("removed"));
        assertEquals(1, count("company", MINE), "exactly what the first import created is gone");
        assertEquals("B1", one("company", "name = 'Bad Co'").getString("code"));
        api.post("/api/v1/imports/" + again.getString("id") + "/undo", new JsonObject());
        assertEquals(0, count("company", MINE));
    }

    @Test
    void chineseAndRussianFilesInTheirOwnEncodings() {
        JsonObject zh = upload("company", "gb.csv", "名称,代码\n华为技术,H1\n上海贸易,S1\n".getBytes(Charset.forName("GB18030")));
        assertEquals("GB18030", zh.getJsonObject("settings").getString("encoding"));
        assertEquals(
                List.of("name", "code"),
                zh.getJsonObject("settings").getJsonArray("fields").getList());
        assertEquals(2, run(zh).getJsonObject("progress").getInteger("created"));
        assertEquals("H1", one("company", "name = '华为技术'").getString("code"));

        JsonObject ru = upload(
                "company", "ru.csv", "Название;Код\nРога и копыта;R1\n".getBytes(Charset.forName("windows-1251")));
        assertEquals("windows-1251", ru.getJsonObject("settings").getString("encoding"));
        assertEquals(1, run(ru).getJsonObject("progress").getInteger("created"));
        assertEquals("R1", one("company", "name = 'Рога и копыта'").getString("code"));
        api.post("/api/v1/imports/" + zh.getString("id") + "/undo", new JsonObject());
        api.post("/api/v1/imports/" + ru.getString("id") + "/undo", new JsonObject());
    }

    @Test
    void upsertByCodeWithLookupsByNameAndUndoRestoresTheOldValues() {
        run(upload(
                "company",
                "base.csv",
                "Name,Code,Revenue\nInitech,I1,100\nHooli,H2,200\n".getBytes(StandardCharsets.UTF_8)));
        JsonObject up =
                upload("company", "update.csv", "Code,Revenue\nI1,150\nN9,5\n".getBytes(StandardCharsets.UTF_8));
        Res missingName = api.patch(
                "/api/v1/imports/" + up.getString("id"),
                new JsonObject().put("mode", "upsert").put("match", "name"),
                null);
        assertEquals(422, missingName.status(), "name is not unique: " + missingName.body());
        api.patch(
                "/api/v1/imports/" + up.getString("id"),
                new JsonObject().put("mode", "update").put("match", "code"),
                null);
        JsonObject res = run(up).getJsonObject("progress");
        assertEquals(1, res.getInteger("updated"));
        assertEquals(1, res.getInteger("errors"), "update mode: no record with code N9");
        assertEquals(150, one("company", "code = 'I1'").getInteger("revenue"));

        JsonObject people = upload(
                "person",
                "people.csv",
                "Name,Company\nAna,Initech\nBo,initech\nCy,Nobody Inc\n".getBytes(StandardCharsets.UTF_8));
        JsonObject p = run(people).getJsonObject("progress");
        assertEquals(2, p.getInteger("created"), "a lookup by name, whatever the case");
        assertEquals(1, p.getInteger("errors"));
        String initech = one("company", "code = 'I1'").getString("id");
        assertEquals(initech, one("person", "name = 'Ana'").getString("company"));

        api.post("/api/v1/imports/" + up.getString("id") + "/undo", new JsonObject());
        assertEquals(100, one("company", "code = 'I1'").getInteger("revenue"), "the value before the import");
    }

    @Test
    void anExcelWorkbookWithNumbersAndDates() {
        List<List<Object>> rows = List.of(
                List.of("Name", "Code", "Revenue", "Founded"),
                List.of("Excel One", "X1", new java.math.BigDecimal("1234.5"), "2019-05-17"),
                List.of("Excel Two", "X2", 42, "2020-01-31"));
        byte[] xlsx = dev.atrium.internal.Sheets.xlsx(rows, "clients");
        JsonObject imp = upload("company", "clients.xlsx", xlsx);
        assertEquals("xlsx", imp.getString("format"));
        assertEquals(
                List.of("name", "code", "revenue", "founded"),
                imp.getJsonObject("settings").getJsonArray("fields").getList());
        assertEquals(2, run(imp).getJsonObject("progress").getInteger("created"));
        JsonObject one = one("company", "code = 'X1'");
        assertEquals(
                0,
                new java.math.BigDecimal("1234.5")
                        .compareTo(
                                new java.math.BigDecimal(one.getValue("revenue").toString())));
        assertEquals("2019-05-17", one.getString("founded"), "a date cell is read as a date");

        byte[] export = api.getBytes("/api/v1/records/company/export?format=xlsx&sort=code&filter="
                + URLEncoder.encode("code = 'X1' or code = 'X2'", StandardCharsets.UTF_8));
        try (var wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(export))) {
            var sheet = wb.getFirstSheet().read();
            assertEquals(3, sheet.size(), "header and two rows");
            int revenue = sheet.get(0).getCellText(0).equals("id") ? 4 : -1;
            assertEquals("revenue", sheet.get(0).getCellText(revenue));
            assertEquals(
                    0,
                    new java.math.BigDecimal("1234.5")
                            .compareTo(sheet.get(1).getCell(revenue).asNumber()),
                    "the list exported to XLSX reads back with the same number");
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
        api.post("/api/v1/imports/" + imp.getString("id") + "/undo", new JsonObject());
    }

    @Test
    void aCrashInTheMiddleOfABatchResumesWithEveryRowExactlyOnce() {
        StringBuilder csv = new StringBuilder("Name,Code\n");
        int rows = 1250;
        for (int i = 1; i <= rows; i++)
            csv.append("Crash ").append(i).append(",C").append(i).append('\n');
        JsonObject imp = upload("company", "big.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        ImportRun.beforeCommit = upTo -> {
            if (upTo > 600) throw new IllegalStateException("the node died");
        };
        api.post("/api/v1/imports/" + imp.getString("id") + "/start", new JsonObject());
        TestPlatform.drainJobs(api.tenant.id());
        JsonObject half =
                api.get("/api/v1/imports/" + imp.getString("id")).json().getJsonObject("progress");
        assertEquals("running", half.getString("status"));
        assertEquals(
                ImportRun.BATCH, half.getInteger("processed"), "the first batch committed, the second rolled back");
        assertEquals(ImportRun.BATCH, count("company", "name like 'Crash %'"));

        ImportRun.beforeCommit = row -> {};
        var p = TestPlatform.get();
        p.blocking(() -> p.pool()
                .preparedQuery("UPDATE atrium.jobs SET run_at = now() WHERE tenant_id = $1 AND status = 'pending'")
                .execute(io.vertx.sqlclient.Tuple.of(api.tenant.id()))
                .await());
        TestPlatform.drainJobs(api.tenant.id());
        JsonObject done =
                api.get("/api/v1/imports/" + imp.getString("id")).json().getJsonObject("progress");
        assertEquals("done", done.getString("status"));
        assertEquals(rows, done.getInteger("created"));
        assertEquals(rows, count("company", "name like 'Crash %'"), "every row once, none twice");
        assertEquals(1, count("company", "code = 'C1250'"));
        assertEquals(1, count("company", "code = 'C501'"));
    }

    @Test
    void aMigrationImportStartsNoWorkflowAndOnlyAdministratorsMayRunOne() {
        Res d = api.deploy(new JsonObject("""
                {"mode": "merge", "entities": [{"name": "memo", "titleField": "title", "fields": [
                  {"name": "title", "type": "text", "required": true},
                  {"name": "seen", "type": "boolean"}],
                  "workflows": [{"name": "mark", "on": ["create"],
                    "actions": [{"type": "update", "values": {"seen": true}}]}]}]}"""));
        assertEquals(201, d.status(), d.body());
        byte[] csv = "Title\nQuiet 1\nQuiet 2\n".getBytes(StandardCharsets.UTF_8);
        JsonObject quiet = upload("memo", "quiet.csv", csv);
        Res wrong =
                api.patch("/api/v1/imports/" + quiet.getString("id"), new JsonObject().put("workflows", "no"), null);
        assertEquals(422, wrong.status(), wrong.body());
        assertTrue(wrong.body().contains("/workflows"), wrong.body());
        Res off = api.patch("/api/v1/imports/" + quiet.getString("id"), new JsonObject().put("workflows", false), null);
        assertEquals(200, off.status(), off.body());
        run(quiet);
        TestPlatform.drainJobs(api.tenant.id());
        JsonObject loud = upload("memo", "loud.csv", "Title\nLoud 1\n".getBytes(StandardCharsets.UTF_8));
        run(loud);
        TestPlatform.drainJobs(api.tenant.id());
        assertEquals(2, count("memo", "title like 'Quiet %' and seen is null"), "no workflow for a migration");
        assertEquals(1, count("memo", "title like 'Loud %' and seen = true"), "workflows as usual otherwise");
        JsonObject change = api.get("/api/v1/records/memo/"
                        + one("memo", "title = 'Quiet 1'").getString("id") + "/history")
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertEquals(true, change.getJsonObject("changes").getBoolean("_quiet"), "the audit trail says so");

        String sets = api.post("/api/v1/access/permission-sets", new JsonObject("""
                        {"name": "Memo writers", "definition": {"entities": {"memo": {
                          "create": true, "read": true, "edit": true}}}}"""))
                .json()
                .getString("id");
        String email = "writer@" + api.slug + ".test";
        Res user = api.post(
                "/api/v1/users",
                new JsonObject()
                        .put("email", email)
                        .put("password", TestPlatform.PASSWORD)
                        .put("displayName", "Writer")
                        .put("permissionSets", new JsonArray().add(sets)));
        assertEquals(201, user.status(), user.body());
        Api writer = new Api(
                TestPlatform.get().port(),
                new Api(TestPlatform.get().port(), null)
                        .loginSession(api.slug, email, TestPlatform.PASSWORD)
                        .getString("token"));
        Res mine = writer.postBytes("/api/v1/imports?entity=memo&name=w.csv", csv, "text/csv");
        assertEquals(201, mine.status(), mine.body());
        Res refused = writer.patch(
                "/api/v1/imports/" + mine.json().getString("id"), new JsonObject().put("workflows", false), null);
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.body().contains("administrators"), refused.body());
    }
}
