package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Formula fields computed by PostgreSQL, checked against the same computation done independently in Java. */
class FormulaIT {
    static Api api;
    static final Map<String, JsonObject> inputs = new HashMap<>();
    static final Map<String, String> accountNames = new HashMap<>();

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("formula");
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"account","fields":[{"name":"name","type":"text"}]},
                 {"name":"deal","fields":[{"name":"name","type":"text"},{"name":"amount","type":"currency"},\
                {"name":"probability","type":"percent"},
                  {"name":"close_date","type":"date"},{"name":"account","type":"lookup","target":"account"},
                  {"name":"weighted","type":"formula","returns":"currency","expression":"ROUND(amount *\s\
                probability / 100, 2)"},
                  {"name":"title","type":"formula","returns":"text","expression":"UPPER(name) & ' @ ' &\s\
                BLANKVALUE(account.name, 'none')"},
                  {"name":"overdue","type":"formula","returns":"boolean","expression":"close_date < TODAY()\s\
                and probability < 100"},
                  {"name":"days_left","type":"formula","returns":"number","expression":"close_date - TODAY()"}]}]""")));
        assertEquals(201, d.status(), d.body());
        String[] accounts = new String[3];
        for (int i = 0; i < 3; i++) {
            accounts[i] = api.post("/api/v1/records/account", new JsonObject().put("name", "Acct" + i))
                    .json()
                    .getString("id");
            accountNames.put(accounts[i], "Acct" + i);
        }
        Random r = new Random(7);
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 60; i++) {
            JsonObject rec = new JsonObject()
                    .put("name", "deal " + i)
                    .put("amount", r.nextInt(100_000))
                    .put("probability", r.nextInt(101))
                    .put(
                            "close_date",
                            LocalDate.now().plusDays(r.nextInt(120) - 60).toString());
            if (i % 4 != 0) rec.put("account", accounts[i % 3]);
            batch.add(rec);
        }
        JsonArray ids = api.post("/api/v1/records/deal/bulk", new JsonObject().put("records", batch))
                .json()
                .getJsonArray("ids");
        for (int i = 0; i < ids.size(); i++) inputs.put(ids.getString(i), batch.getJsonObject(i));
    }

    @Test
    void formulaValuesEqualAnIndependentComputation() {
        JsonArray data = api.get("/api/v1/records/deal?limit=100").json().getJsonArray("data");
        assertEquals(60, data.size());
        for (Object o : data) {
            JsonObject rec = (JsonObject) o;
            JsonObject in = inputs.get(rec.getString("id"));
            BigDecimal weighted = new BigDecimal(in.getInteger("amount"))
                    .multiply(new BigDecimal(in.getInteger("probability")))
                    .divide(new BigDecimal(100), 2, RoundingMode.HALF_UP);
            assertEquals(
                    0,
                    weighted.compareTo(new BigDecimal(rec.getValue("weighted").toString())),
                    "weighted of " + in);
            String account = in.getString("account") == null ? "none" : accountNames.get(in.getString("account"));
            assertEquals(in.getString("name").toUpperCase() + " @ " + account, rec.getString("title"));
            LocalDate close = LocalDate.parse(in.getString("close_date"));
            assertEquals(
                    close.isBefore(LocalDate.now()) && in.getInteger("probability") < 100,
                    rec.getBoolean("overdue"),
                    "overdue of " + in);
            assertEquals(
                    close.toEpochDay() - LocalDate.now().toEpochDay(),
                    ((Number) rec.getValue("days_left")).longValue());
        }
    }

    @Test
    void formulasFilterAndSortInTheDatabase() {
        String f = URLEncoder.encode("weighted > 20000 and overdue = false", StandardCharsets.UTF_8);
        JsonArray data = api.get("/api/v1/records/deal?limit=100&sort=-weighted&filter=" + f)
                .json()
                .getJsonArray("data");
        long expected = inputs.values().stream()
                .filter(in -> in.getInteger("amount") * (long) in.getInteger("probability") / 100.0 > 20000
                        && !(LocalDate.parse(in.getString("close_date")).isBefore(LocalDate.now())
                                && in.getInteger("probability") < 100))
                .count();
        assertEquals(expected, data.size());
        for (int i = 1; i < data.size(); i++) {
            assertTrue(
                    new BigDecimal(data.getJsonObject(i - 1)
                                            .getValue("weighted")
                                            .toString())
                                    .compareTo(new BigDecimal(data.getJsonObject(i)
                                            .getValue("weighted")
                                            .toString()))
                            >= 0,
                    "sorted by weighted, descending");
        }
    }

    @Test
    void formulasAreReadOnlyAndBadExpressionsAreRefusedWithTheirPosition() {
        Res w = api.post(
                "/api/v1/records/deal", new JsonObject().put("name", "x").put("weighted", 5));
        assertEquals(422, w.status());
        Res bad = api.deploy(new JsonObject()
                .put(
                        "entities",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "broken")
                                        .put(
                                                "fields",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put("name", "a")
                                                                .put("type", "text"))
                                                        .add(new JsonObject()
                                                                .put("name", "f")
                                                                .put("type", "formula")
                                                                .put("returns", "number")
                                                                .put("expression", "a * 2"))))));
        assertEquals(422, bad.status(), bad.body());
        JsonObject err = bad.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("/entities/0/fields/1/expression", err.getString("pointer"));
        assertTrue(err.getString("message").contains("at character 3"), err.getString("message"));
    }
}
