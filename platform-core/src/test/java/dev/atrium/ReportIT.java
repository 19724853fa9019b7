package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reports against an independent computation: the deals are created through the API from a seeded random
 * generator and kept in memory, and every aggregate a report answers is computed again here in Java: with
 * record access limiting what a rep's report counts, date buckets in three time zones and a fiscal year
 * starting in April, a matrix's cells and totals, lookup paths, related child records, top N, parameters,
 * drill-down filters that list exactly a group's records, exports read back with a spreadsheet library,
 * hidden fields refused, broken reports refused at deployment, and dashboards with their filters.
 */
class ReportIT {
    static final List<String> STAGES = List.of("prospect", "proposal", "won", "lost");
    static final String MONTHS = "{\"groupBy\": [{\"field\": \"closed_at\", \"bucket\": \"month\"}],"
            + " \"aggregates\": [{\"name\": \"n\", \"op\": \"count\"}]}";
    static final List<String> REGIONS = List.of("north", "south", "east", "west");
    static Api admin;
    static Api rep1;
    static Api rep2;
    static String rep1Id;
    static final List<Deal> deals = new ArrayList<>();
    static final Map<String, Client> clients = new LinkedHashMap<>();

    record Client(String id, String name, String region, String owner) {}

    record Deal(
            String id,
            String owner,
            String client,
            String stage,
            BigDecimal amount,
            BigDecimal secret,
            LocalDate closeDate,
            Instant closedAt) {}

    @BeforeAll
    static void setUp() {
        admin = TestPlatform.tenantWithAdmin("rep");
        Res d = admin.deploy(new JsonObject("""
                {"entities": [
                  {"name": "client", "titleField": "name", "fields": [
                    {"name": "name", "type": "text"},
                    {"name": "region", "type": "picklist", "values": [{"value": "north"}, {"value": "south"},
                      {"value": "east"}, {"value": "west"}]}],
                   "ui": {"reports": [
                     {"name": "clients_with_deals", "related": {"entity": "deal", "field": "client", "as": "deals"},
                      "groupBy": [{"field": "region"}],
                      "aggregates": [{"name": "clients", "op": "count"},
                        {"name": "deals", "op": "count", "field": "deals"},
                        {"name": "pipeline", "op": "sum", "field": "deals.amount"},
                        {"name": "avg_deal", "op": "avg", "field": "deals.amount"}]}]}},
                  {"name": "deal", "titleField": "name", "fields": [
                    {"name": "name", "type": "text"},
                    {"name": "client", "type": "lookup", "target": "client"},
                    {"name": "stage", "type": "picklist", "values": [{"value": "prospect"}, {"value": "proposal"},
                      {"value": "won"}, {"value": "lost"}]},
                    {"name": "amount", "type": "decimal"},
                    {"name": "secret", "type": "decimal"},
                    {"name": "close_date", "type": "date"},
                    {"name": "closed_at", "type": "datetime"}],
                   "ui": {"reports": [
                     {"name": "by_stage", "label": {"en": "Deals by stage"}, "groupBy": [{"field": "stage"}],
                      "dateField": "close_date",
                      "aggregates": [{"name": "n", "op": "count"}, {"name": "total", "op": "sum", "field": "amount"},
                        {"name": "mean", "op": "avg", "field": "amount"},
                        {"name": "low", "op": "min", "field": "amount"},
                        {"name": "high", "op": "max", "field": "amount"},
                        {"name": "clients", "op": "count_distinct", "field": "client"}],
                      "chart": {"type": "funnel", "aggregate": "n"}},
                     {"name": "secret_total", "groupBy": [{"field": "stage"}],
                      "aggregates": [{"name": "s", "op": "sum", "field": "secret"}]},
                     {"name": "top_clients", "groupBy": [{"field": "client"}], "sort": "-total", "limit": 3,
                      "filter": "client is not null",
                      "aggregates": [{"name": "total", "op": "sum", "field": "amount"}]},
                     {"name": "big", "filter": "amount >= :min",
                      "parameters": [{"name": "min", "type": "number", "default": 1000}],
                      "groupBy": [{"field": "stage"}], "aggregates": [{"name": "n", "op": "count"}]},
                     {"name": "listing", "columns": ["name", "client", "amount"], "sort": "-amount", "limit": 5}],
                    "dashboards": [{"name": "sales", "filters": ["date", "owner"],
                      "components": [{"report": "by_stage", "chart": {"type": "bar"}},
                        {"report": "client.clients_with_deals"}]},
                     {"name": "as_rep", "runAs": "rep1@REPSLUG.test", "components": [{"report": "by_stage"}]}]}}
                ]}""".replace("REPSLUG", admin.slug)));
        assertEquals(201, d.status(), d.body());
        String set = created(admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name": "rep", "definition": {"entities": {
                  "client": {"create": true, "read": true, "edit": true,
                    "fields": {"name": {"edit": true}, "region": {"edit": true}}},
                  "deal": {"create": true, "read": true, "edit": true, "export": true,
                    "fields": {"name": {"edit": true}, "client": {"edit": true}, "stage": {"edit": true},
                      "amount": {"edit": true}, "close_date": {"edit": true}, "closed_at": {"edit": true}}}}}}""")));
        rep1 = SecurityITUsers.user(admin, "rep1", set);
        rep2 = SecurityITUsers.user(admin, "rep2", set);
        rep1Id = id(rep1);
        Random random = new Random(42);
        for (Api who : List.of(rep1, rep2, admin)) {
            String owner = id(who);
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = owner.substring(0, 4) + " client " + i;
                String region = REGIONS.get(random.nextInt(REGIONS.size()));
                String cid = created(who.post(
                        "/api/v1/records/client",
                        new JsonObject().put("name", name).put("region", region)));
                clients.put(cid, new Client(cid, name, region, owner));
                mine.add(cid);
            }
            for (int i = 0; i < 30; i++) {
                String stage = STAGES.get(random.nextInt(STAGES.size()));
                BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(4900));
                BigDecimal secret = BigDecimal.valueOf(random.nextInt(100));
                LocalDate close = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(730));
                // instants near midnight UTC, where the day (and month) depends on the reader's zone
                Instant at = close.atStartOfDay(ZoneId.of("UTC"))
                        .toInstant()
                        .plusSeconds((random.nextBoolean() ? 1 : -1) * (60L * random.nextInt(600)));
                String client = i % 7 == 6 ? null : mine.get(random.nextInt(mine.size()));
                JsonObject body = new JsonObject()
                        .put("name", (i == 0 ? "=HYPERLINK(\"x\")" : "Deal ") + i)
                        .put("client", client)
                        .put("stage", stage)
                        .put("amount", amount)
                        .put("close_date", close.toString())
                        .put("closed_at", at.toString());
                if (who == admin) body.put("secret", secret);
                String did = created(who.post("/api/v1/records/deal", body));
                deals.add(new Deal(did, owner, client, stage, amount, who == admin ? secret : null, close, at));
            }
        }
    }

    static String created(Res r) {
        assertEquals(201, r.status(), r.body());
        return r.json().getString("id");
    }

    static String id(Api who) {
        return who.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
    }

    static JsonObject run(Api who, String entity, String name, String query) {
        Res r = who.get("/api/v1/reports/" + entity + "/" + name + (query == null ? "" : "?" + query));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    static JsonObject draft(Api who, JsonObject report, String tz) {
        Res r = who.post(
                "/api/v1/reports/run",
                new JsonObject().put("entity", "deal").put("report", report).put("tz", tz));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /** The rows of a result at one grouping level, keyed by their keys joined with "|". */
    static Map<String, JsonObject> level(JsonObject result, int level) {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (Object o : result.getJsonArray("rows")) {
            JsonObject r = (JsonObject) o;
            if (r.getInteger("level") != level) continue;
            List<String> keys = new ArrayList<>();
            for (Object k : r.getJsonArray("keys")) if (k != null) keys.add(String.valueOf(k));
            out.put(String.join("|", keys), r.getJsonObject("values"));
        }
        return out;
    }

    static BigDecimal dec(Object v) {
        return v == null ? null : new BigDecimal(String.valueOf(v));
    }

    static void same(BigDecimal expected, Object actual, String what) {
        assertNotNull(actual, what);
        assertEquals(0, expected.compareTo(dec(actual)), what + ": expected " + expected + ", got " + actual);
    }

    static <K> Map<K, List<Deal>> by(List<Deal> list, Function<Deal, K> key) {
        return list.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    }

    static BigDecimal sum(List<Deal> list) {
        return list.stream().map(Deal::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    void checkByStage(JsonObject result, List<Deal> visible) {
        Map<String, JsonObject> groups = level(result, 1);
        Map<String, List<Deal>> expected = by(visible, Deal::stage);
        assertEquals(expected.keySet(), new java.util.TreeSet<>(groups.keySet()));
        List<String> order = new ArrayList<>(groups.keySet());
        List<String> picklistOrder =
                STAGES.stream().filter(expected::containsKey).toList();
        assertEquals(picklistOrder, order, "groups in the picklist's order");
        for (var e : expected.entrySet()) {
            JsonObject v = groups.get(e.getKey());
            List<Deal> ds = e.getValue();
            assertEquals(ds.size(), v.getInteger("n"), "count " + e.getKey());
            same(sum(ds), v.getValue("total"), "sum " + e.getKey());
            same(sum(ds).divide(BigDecimal.valueOf(ds.size()), 6, RoundingMode.HALF_EVEN), v.getValue("mean"), "avg");
            same(ds.stream().map(Deal::amount).min(BigDecimal::compareTo).orElseThrow(), v.getValue("low"), "min");
            same(ds.stream().map(Deal::amount).max(BigDecimal::compareTo).orElseThrow(), v.getValue("high"), "max");
            assertEquals(
                    ds.stream()
                            .map(Deal::client)
                            .filter(java.util.Objects::nonNull)
                            .distinct()
                            .count(),
                    v.getLong("clients"),
                    "count distinct " + e.getKey());
        }
        assertEquals(visible.size(), result.getJsonObject("totals").getInteger("n"), "grand total");
        same(sum(visible), result.getJsonObject("totals").getValue("total"), "grand sum");
    }

    @Test
    void everyAggregateMatchesAnIndependentComputation() {
        checkByStage(run(admin, "deal", "by_stage", null), deals);
    }

    @Test
    void recordAccessLimitsWhatARepsReportCounts() {
        List<Deal> own = deals.stream().filter(x -> x.owner().equals(rep1Id)).toList();
        JsonObject result = run(rep1, "deal", "by_stage", null);
        checkByStage(result, own);
        assertTrue(own.size() < deals.size());
    }

    @Test
    void aReportOnAFieldTheReaderMayNotReadIsRefusedNotEmptied() {
        Res refused = rep1.get("/api/v1/reports/deal/secret_total");
        assertEquals(403, refused.status(), refused.body());
        assertEquals("application/problem+json", refused.contentType());
        assertTrue(refused.body().contains("secret"), refused.body());
        JsonObject all = run(admin, "deal", "secret_total", null);
        BigDecimal expected = deals.stream()
                .map(Deal::secret)
                .filter(java.util.Objects::nonNull)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        same(expected, all.getJsonObject("totals").getValue("s"), "admin sees the secret sum");

        Res draft = rep1.post(
                "/api/v1/reports/run",
                new JsonObject()
                        .put("entity", "deal")
                        .put(
                                "report",
                                new JsonObject("{\"groupBy\": [{\"field\": \"stage\"}],"
                                        + " \"aggregates\": [{\"op\": \"max\", \"field\": \"secret\"}]}")));
        assertEquals(422, draft.status(), draft.body());
        assertEquals(
                "/report/aggregates/0/field",
                draft.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }

    @Test
    void dateBucketsFollowTheReadersTimeZoneAndTheFiscalYear() {
        for (String tz : List.of("UTC", "Asia/Tokyo", "America/Los_Angeles")) {
            ZoneId zone = ZoneId.of(tz);
            JsonObject result = draft(admin, new JsonObject(MONTHS), tz);
            Map<String, List<Deal>> expected = by(
                    deals,
                    x -> x.closedAt()
                            .atZone(zone)
                            .toLocalDate()
                            .withDayOfMonth(1)
                            .toString());
            Map<String, JsonObject> got = level(result, 1);
            assertEquals(expected.keySet(), got.keySet(), tz);
            expected.forEach((k, v) -> assertEquals(v.size(), got.get(k).getInteger("n"), tz + " " + k));
        }
        Map<String, Function<LocalDate, LocalDate>> buckets = Map.of(
                "fiscal_year", ReportIT::fiscalYearStart,
                "fiscal_quarter",
                        d -> fiscalYearStart(d)
                                .plusMonths(3L
                                        * (java.time.temporal.ChronoUnit.MONTHS.between(
                                                        fiscalYearStart(d), d.withDayOfMonth(1))
                                                / 3)),
                "quarter", d -> d.withDayOfMonth(1).withMonth(((d.getMonthValue() - 1) / 3) * 3 + 1),
                "week", d -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
        for (var b : buckets.entrySet()) {
            JsonObject result = draft(
                    admin,
                    new JsonObject()
                            .put(
                                    "groupBy",
                                    new JsonArray()
                                            .add(new JsonObject()
                                                    .put("field", "close_date")
                                                    .put("bucket", b.getKey())
                                                    .put("fiscalStart", 4)))
                            .put(
                                    "aggregates",
                                    new JsonArray()
                                            .add(new JsonObject()
                                                    .put("name", "total")
                                                    .put("op", "sum")
                                                    .put("field", "amount"))),
                    "UTC");
            Map<String, List<Deal>> expected =
                    by(deals, x -> b.getValue().apply(x.closeDate()).toString());
            Map<String, JsonObject> got = level(result, 1);
            assertEquals(expected.keySet(), got.keySet(), b.getKey());
            expected.forEach((k, v) -> same(sum(v), got.get(k).getValue("total"), b.getKey() + " " + k));
        }
    }

    /** The first day of the fiscal year (starting in April) a day falls in. */
    static LocalDate fiscalYearStart(LocalDate d) {
        LocalDate april = LocalDate.of(d.getYear(), 4, 1);
        return d.isBefore(april) ? april.minusYears(1) : april;
    }

    @Test
    void aMatrixHasItsCellsAndTheTotalsOfRowsAndColumns() {
        JsonObject result = draft(admin, new JsonObject("""
                {"type": "matrix", "groupBy": [{"field": "stage"}, {"field": "close_date", "bucket": "year"}],
                 "aggregates": [{"name": "total", "op": "sum", "field": "amount"}]}"""), "UTC");
        JsonArray rows = result.getJsonArray("rowKeys");
        JsonArray cols = result.getJsonArray("columnKeys");
        Map<String, List<Deal>> byStage = by(deals, Deal::stage);
        Map<Integer, List<Deal>> byYear = by(deals, x -> x.closeDate().getYear());
        assertEquals(byStage.size(), rows.size());
        assertEquals(byYear.size(), cols.size());
        for (Object o : rows) {
            JsonObject r = (JsonObject) o;
            same(
                    sum(byStage.get(r.getJsonArray("keys").getString(0))),
                    r.getJsonObject("values").getValue("total"),
                    "row");
        }
        for (Object o : cols) {
            JsonObject c = (JsonObject) o;
            int year = LocalDate.parse(c.getJsonArray("keys").getString(1)).getYear();
            same(sum(byYear.get(year)), c.getJsonObject("values").getValue("total"), "column " + year);
        }
        for (Object o : result.getJsonArray("cells")) {
            JsonObject cell = (JsonObject) o;
            String stage = rows.getJsonObject(cell.getInteger("r"))
                    .getJsonArray("keys")
                    .getString(0);
            int year = LocalDate.parse(cols.getJsonObject(cell.getInteger("c"))
                            .getJsonArray("keys")
                            .getString(1))
                    .getYear();
            List<Deal> ds = deals.stream()
                    .filter(x -> x.stage().equals(stage) && x.closeDate().getYear() == year)
                    .toList();
            same(sum(ds), cell.getJsonObject("values").getValue("total"), "cell " + stage + " " + year);
        }
        same(sum(deals), result.getJsonObject("totals").getValue("total"), "grand");
    }

    @Test
    void lookupPathsAndRelatedRecordsAreCountedOnceEach() {
        JsonObject byRegion = draft(admin, new JsonObject("""
                {"groupBy": [{"field": "client.region"}],
                 "aggregates": [{"name": "total", "op": "sum", "field": "amount"}]}"""), "UTC");
        Map<String, List<Deal>> expected =
                by(deals, x -> x.client() == null ? "" : clients.get(x.client()).region());
        Map<String, JsonObject> got = level(byRegion, 1);
        expected.forEach((k, v) -> same(sum(v), got.get(k).getValue("total"), "region " + k));

        JsonObject related = run(admin, "client", "clients_with_deals", null);
        Map<String, JsonObject> regions = level(related, 1);
        for (String region : REGIONS) {
            List<Client> cs = clients.values().stream()
                    .filter(c -> c.region().equals(region))
                    .toList();
            if (cs.isEmpty()) continue;
            List<Deal> ds = deals.stream()
                    .filter(x -> x.client() != null
                            && clients.get(x.client()).region().equals(region))
                    .toList();
            JsonObject v = regions.get(region);
            assertEquals(cs.size(), v.getInteger("clients"), "each client counted once, deals or not: " + region);
            assertEquals(ds.size(), v.getInteger("deals"), region);
            same(sum(ds), v.getValue("pipeline"), "related sum " + region);
            if (!ds.isEmpty()) {
                same(
                        sum(ds).divide(BigDecimal.valueOf(ds.size()), 6, RoundingMode.HALF_EVEN),
                        v.getValue("avg_deal"),
                        "avg");
            }
        }
    }

    @Test
    void topClientsByAmountWithNamesAndDrillDownToTheirRecords() {
        JsonObject result = run(admin, "deal", "top_clients", null);
        List<Map.Entry<String, BigDecimal>> expected = deals.stream()
                .filter(x -> x.client() != null)
                .collect(Collectors.groupingBy(
                        Deal::client, Collectors.reducing(BigDecimal.ZERO, Deal::amount, BigDecimal::add)))
                .entrySet()
                .stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed())
                .limit(3)
                .toList();
        JsonArray rows = result.getJsonArray("rows");
        assertEquals(3, rows.size());
        assertTrue(result.getBoolean("truncated"));
        for (int i = 0; i < 3; i++) {
            JsonObject r = rows.getJsonObject(i);
            assertEquals(expected.get(i).getKey(), r.getJsonArray("keys").getString(0));
            assertEquals(
                    clients.get(expected.get(i).getKey()).name(),
                    r.getJsonArray("display").getString(0));
            same(expected.get(i).getValue(), r.getJsonObject("values").getValue("total"), "top " + i);
            String drill = r.getString("drill");
            JsonObject listed = admin.get("/api/v1/records/deal?count=true&limit=1&filter="
                            + URLEncoder.encode(drill, StandardCharsets.UTF_8))
                    .json();
            String client = expected.get(i).getKey();
            long n = deals.stream().filter(x -> client.equals(x.client())).count();
            assertEquals(n, listed.getLong("total"), "drill-down lists the group's records: " + drill);
        }
        JsonObject months = draft(admin, new JsonObject(MONTHS), "Asia/Tokyo");
        JsonObject first = months.getJsonArray("rows").getJsonObject(0);
        JsonObject listed = admin.get("/api/v1/records/deal?count=true&limit=1&filter="
                        + URLEncoder.encode(first.getString("drill"), StandardCharsets.UTF_8))
                .json();
        assertEquals(first.getJsonObject("values").getLong("n"), listed.getLong("total"), "a month in Tokyo: " + first);
    }

    @Test
    void groupsByOwnerCarryThePeoplesNames() {
        JsonObject result = draft(admin, new JsonObject("""
                {"groupBy": [{"field": "owner_id"}],
                 "aggregates": [{"name": "total", "op": "sum", "field": "amount"}]}"""), "UTC");
        Map<String, List<Deal>> expected = by(deals, Deal::owner);
        Map<String, JsonObject> got = level(result, 1);
        assertEquals(expected.keySet(), got.keySet());
        expected.forEach((k, v) -> same(sum(v), got.get(k).getValue("total"), "owner " + k));
        List<String> names = new ArrayList<>();
        for (Object o : result.getJsonArray("rows"))
            names.add(((JsonObject) o).getJsonArray("display").getString(0));
        assertTrue(names.containsAll(List.of("rep1", "rep2")), "display names: " + names);
    }

    @Test
    void parametersAreTypedAndDefaulted() {
        JsonObject dflt = run(admin, "deal", "big", null);
        assertEquals(
                deals.stream()
                        .filter(x -> x.amount().compareTo(BigDecimal.valueOf(1000)) >= 0)
                        .count(),
                dflt.getJsonObject("totals").getLong("n"));
        JsonObject given = run(admin, "deal", "big", "p.min=4000");
        assertEquals(
                deals.stream()
                        .filter(x -> x.amount().compareTo(BigDecimal.valueOf(4000)) >= 0)
                        .count(),
                given.getJsonObject("totals").getLong("n"));
        Res bad = admin.get("/api/v1/reports/deal/big?p.min=" + URLEncoder.encode("1 or 1=1", StandardCharsets.UTF_8));
        assertEquals(422, bad.status(), bad.body());
        assertEquals(
                "/parameters/min",
                bad.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }

    @Test
    void exportsReadBackWithTheSameNumbersAndAreAudited() throws Exception {
        byte[] xlsx = admin.getBytes("/api/v1/reports/deal/by_stage/export?format=xlsx");
        JsonObject result = run(admin, "deal", "by_stage", null);
        Map<String, JsonObject> groups = level(result, 1);
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<org.dhatim.fastexcel.reader.Row> rows = wb.getFirstSheet().read();
            assertEquals("stage", rows.get(0).getCellText(0));
            assertEquals(groups.size() + 2, rows.size(), "header, groups, total");
            for (int i = 1; i <= groups.size(); i++) {
                var row = rows.get(i);
                JsonObject v = groups.get(row.getCellText(0));
                assertEquals(
                        org.dhatim.fastexcel.reader.CellType.NUMBER,
                        row.getCell(2).getType());
                same(row.getCell(2).asNumber(), v.getValue("total"), "xlsx sum " + row.getCellText(0));
                assertEquals(v.getInteger("n"), row.getCell(1).asNumber().intValue());
            }
            var total = rows.get(rows.size() - 1);
            assertEquals("Total", total.getCellText(0));
            same(total.getCell(2).asNumber(), result.getJsonObject("totals").getValue("total"), "xlsx total");
        }
        Res csv = admin.get("/api/v1/reports/deal/listing/export?format=csv");
        assertEquals(200, csv.status(), csv.body());
        Res tabular = admin.post(
                "/api/v1/reports/run",
                new JsonObject()
                        .put("entity", "deal")
                        .put(
                                "report",
                                new JsonObject("{\"columns\": [\"name\"], \"sort\": \"name\", \"limit\": 2000}")));
        assertTrue(tabular.body().contains("=HYPERLINK"), "the API gives the value as stored");
        Res formula = admin.post(
                "/api/v1/reports/export?format=csv",
                new JsonObject()
                        .put("entity", "deal")
                        .put(
                                "report",
                                new JsonObject("{\"columns\": [\"name\"], \"sort\": \"name\", \"limit\": 2000}")));
        assertTrue(formula.body().contains("'=HYPERLINK"), "a formula-like cell is escaped in CSV: " + formula.body());
        assertFalse(formula.body().contains("\n=HYPERLINK"));
        JsonArray audit = admin.get("/api/v1/audit?action=report_export&entity=deal")
                .json()
                .getJsonArray("data");
        assertTrue(audit.size() >= 3, "every export is audited: " + audit);
        assertEquals(
                403,
                rep1.get("/api/v1/reports/client/clients_with_deals/export").status(),
                "no export right on client");
    }

    @Test
    void aBrokenReportIsRefusedAtDeployment() {
        JsonObject entity = admin.get("/api/v1/metadata/entities/deal").json();
        JsonObject broken = entity.copy();
        broken.getJsonObject("ui")
                .getJsonArray("reports")
                .add(new JsonObject("{\"name\": \"broken\", \"groupBy\": [{\"field\": \"nope\"}],"
                        + " \"aggregates\": [{\"op\": \"sum\", \"field\": \"name\"}]}"));
        Res r = admin.deploy(new JsonObject().put("entities", new JsonArray().add(broken)));
        assertEquals(422, r.status(), r.body());
        assertTrue(r.body().contains("/ui/reports/5/groupBy/0/field"), r.body());
        JsonObject badDash = entity.copy();
        badDash.getJsonObject("ui")
                .getJsonArray("dashboards")
                .getJsonObject(0)
                .getJsonArray("components")
                .add(new JsonObject().put("report", "nowhere"));
        Res r2 = admin.deploy(new JsonObject().put("entities", new JsonArray().add(badDash)));
        assertEquals(422, r2.status(), r2.body());
        assertTrue(r2.body().contains("no report nowhere"), r2.body());
    }

    @Test
    void dashboardsFilterCacheAndRunAsTheNamedUser() {
        String q = "from=2025-06-01&to=2025-12-31&owner=" + rep1Id;
        JsonObject first = admin.get("/api/v1/dashboards/deal/sales?" + q).json();
        assertFalse(first.getBoolean("cached"));
        JsonObject stage = first.getJsonArray("components").getJsonObject(0).getJsonObject("result");
        List<Deal> expected = deals.stream()
                .filter(x -> x.owner().equals(rep1Id)
                        && !x.closeDate().isBefore(LocalDate.of(2025, 6, 1))
                        && !x.closeDate().isAfter(LocalDate.of(2025, 12, 31)))
                .toList();
        assertEquals(expected.size(), stage.getJsonObject("totals").getInteger("n"));
        same(sum(expected), stage.getJsonObject("totals").getValue("total"), "filtered dashboard");
        assertNotNull(first.getJsonArray("components").getJsonObject(1).getJsonObject("result"), "a second report");
        JsonObject again = admin.get("/api/v1/dashboards/deal/sales?" + q).json();
        assertTrue(again.getBoolean("cached"));
        assertEquals(first.getString("computedAt"), again.getString("computedAt"));
        assertFalse(admin.get("/api/v1/dashboards/deal/sales?refresh=true&" + q)
                .json()
                .getBoolean("cached"));

        JsonObject asRep = admin.get("/api/v1/dashboards/deal/as_rep").json();
        assertEquals(
                deals.stream().filter(x -> x.owner().equals(rep1Id)).count(),
                asRep.getJsonArray("components")
                        .getJsonObject(0)
                        .getJsonObject("result")
                        .getJsonObject("totals")
                        .getLong("n"),
                "runs with the named user's access");
        assertEquals(
                400, admin.get("/api/v1/dashboards/deal/sales?from=yesterday").status());

        String team = admin.post(
                        "/api/v1/access/groups",
                        new JsonObject()
                                .put("name", "Team two")
                                .put("team", true)
                                .put("members", new JsonArray().add(id(rep2))))
                .json()
                .getString("id");
        JsonObject byTeam =
                admin.get("/api/v1/dashboards/deal/sales?team=" + team).json();
        String rep2Id = id(rep2);
        assertEquals(
                deals.stream().filter(x -> x.owner().equals(rep2Id)).count(),
                byTeam.getJsonArray("components")
                        .getJsonObject(0)
                        .getJsonObject("result")
                        .getJsonObject("totals")
                        .getLong("n"),
                "the team's records only");
        assertTrue(byTeam.getJsonArray("teams").encode().contains("Team two"));
    }
}
