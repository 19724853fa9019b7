package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Roll-ups over lookups and many-to-many links equal an independent computation, also after concurrent writes and
 * reparenting.
 */
class RollupIT {
    static Api api;
    static final List<String> accounts = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("rollup");
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"partner","fields":[{"name":"revenue","type":"decimal"}]},
                 {"name":"account","fields":[{"name":"name","type":"text"},
                   {"name":"partners","type":"many_to_many","target":"partner"},
                   {"name":"order_count","type":"rollup","rollup":{"function":"count","entity":"order",\
                "via":"account"}},
                   {"name":"paid_total","type":"rollup","rollup":{"function":"sum","entity":"order",\
                "via":"account","field":"amount","filter":"status = 'paid'"}},
                   {"name":"last_order","type":"rollup","returns":"date","rollup":{"function":"max",\
                "entity":"order","via":"account","field":"ordered_on"}},
                   {"name":"partner_revenue","type":"rollup","rollup":{"function":"sum","entity":"partner",\
                "via":"partners","field":"revenue"}}]},
                 {"name":"order","fields":[{"name":"account","type":"lookup","target":"account"},\
                {"name":"amount","type":"decimal"},
                   {"name":"status","type":"picklist","values":[{"value":"open"},{"value":"paid"}]},\
                {"name":"ordered_on","type":"date"}]}]""")));
        assertEquals(201, d.status(), d.body());
        for (int i = 0; i < 5; i++)
            accounts.add(api.post("/api/v1/records/account", new JsonObject().put("name", "A" + i))
                    .json()
                    .getString("id"));
    }

    static void check() {
        Map<String, long[]> count = new HashMap<>();
        Map<String, BigDecimal> paid = new HashMap<>();
        Map<String, String> last = new HashMap<>();
        for (Object o : api.get("/api/v1/records/order?limit=500").json().getJsonArray("data")) {
            JsonObject r = (JsonObject) o;
            String a = r.getString("account");
            if (a == null) continue;
            count.computeIfAbsent(a, k -> new long[1])[0]++;
            if ("paid".equals(r.getString("status")))
                paid.merge(a, new BigDecimal(r.getValue("amount").toString()), BigDecimal::add);
            String d = r.getString("ordered_on");
            if (d != null && (last.get(a) == null || d.compareTo(last.get(a)) > 0)) last.put(a, d);
        }
        for (Object o : api.get("/api/v1/records/account?limit=100").json().getJsonArray("data")) {
            JsonObject acc = (JsonObject) o;
            String id = acc.getString("id");
            assertEquals(
                    count.containsKey(id) ? count.get(id)[0] : 0,
                    ((Number) acc.getValue("order_count")).longValue(),
                    "count for " + id);
            assertEquals(
                    0,
                    paid.getOrDefault(id, BigDecimal.ZERO)
                            .compareTo(new BigDecimal(acc.getValue("paid_total").toString())),
                    "paid total for " + id);
            assertEquals(last.get(id), acc.getString("last_order"), "last order date for " + id);
        }
    }

    @Test
    void rollupsStayEqualToAnIndependentComputationThroughConcurrentWritesAndReparenting() throws Exception {
        Random r = new Random(3);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Res>> writes = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            JsonArray batch = new JsonArray();
            for (int i = 0; i < 15; i++) {
                batch.add(new JsonObject()
                        .put("account", accounts.get(r.nextInt(accounts.size())))
                        .put("amount", r.nextInt(1000))
                        .put("status", r.nextBoolean() ? "paid" : "open")
                        .put("ordered_on", "2026-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(9)));
            }
            writes.add(
                    pool.submit(() -> api.post("/api/v1/records/order/bulk", new JsonObject().put("records", batch))));
        }
        List<String> ids = new ArrayList<>();
        for (Future<Res> f : writes) {
            Res res = f.get();
            assertEquals(200, res.status(), res.body());
            res.json().getJsonArray("ids").forEach(x -> ids.add((String) x));
        }
        check();
        List<Future<Res>> changes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = ids.get(i);
            if (i % 3 == 0) changes.add(pool.submit(() -> api.delete("/api/v1/records/order/" + id)));
            else
                changes.add(pool.submit(() -> api.patch(
                        "/api/v1/records/order/" + id, new JsonObject().put("account", accounts.get(0)), null)));
        }
        for (Future<Res> f : changes) assertTrue(f.get().status() < 300);
        pool.shutdown();
        check();
    }

    @Test
    void rollupsOverManyToManyLinks() {
        String p1 = api.post("/api/v1/records/partner", new JsonObject().put("revenue", 100))
                .json()
                .getString("id");
        String p2 = api.post("/api/v1/records/partner", new JsonObject().put("revenue", 250.5))
                .json()
                .getString("id");
        String acc = api.post(
                        "/api/v1/records/account",
                        new JsonObject()
                                .put("name", "Linked")
                                .put("partners", new JsonArray().add(p1).add(p2)))
                .json()
                .getString("id");
        assertEquals(
                0,
                new BigDecimal("350.5")
                        .compareTo(new BigDecimal(api.get("/api/v1/records/account/" + acc)
                                .json()
                                .getValue("partner_revenue")
                                .toString())));
        api.patch("/api/v1/records/account/" + acc, new JsonObject().put("partners", new JsonArray().add(p2)), null);
        assertEquals(
                0,
                new BigDecimal("250.5")
                        .compareTo(new BigDecimal(api.get("/api/v1/records/account/" + acc)
                                .json()
                                .getValue("partner_revenue")
                                .toString())));
    }

    @Test
    void rollupsFilterAndSort() {
        String f = URLEncoder.encode("order_count >= 0", StandardCharsets.UTF_8);
        JsonArray data = api.get("/api/v1/records/account?sort=-paid_total&limit=100&filter=" + f)
                .json()
                .getJsonArray("data");
        for (int i = 1; i < data.size(); i++) {
            assertTrue(new BigDecimal(data.getJsonObject(i - 1)
                                    .getValue("paid_total")
                                    .toString())
                            .compareTo(new BigDecimal(
                                    data.getJsonObject(i).getValue("paid_total").toString()))
                    >= 0);
        }
        Res bad = api.deploy(new JsonObject()
                .put(
                        "entities",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "bad_rollup")
                                        .put(
                                                "fields",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put("name", "x")
                                                                .put("type", "rollup")
                                                                .put(
                                                                        "rollup",
                                                                        new JsonObject()
                                                                                .put("function", "sum")
                                                                                .put("entity", "order")
                                                                                .put("via", "account")))))));
        assertEquals(422, bad.status());
        assertEquals(
                "/entities/0/fields/0/rollup",
                bad.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }

    @Test
    void rollUpsOfFormulasAndFormulasOfRollUpsComputeInTheDatabase() {
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"shop","fields":[{"name":"name","type":"text"},
                   {"name":"net_total","type":"rollup","rollup":{"function":"sum","entity":"sale","via":"shop",\
                "field":"net"}},
                   {"name":"sales","type":"rollup","rollup":{"function":"count","entity":"sale","via":"shop"}},
                   {"name":"average_net","type":"formula","returns":"number",\
                "expression":"IF(sales > 0, net_total / sales, 0)"}]},
                 {"name":"sale","fields":[{"name":"shop","type":"lookup","target":"shop"},
                   {"name":"gross","type":"decimal","scale":2},
                   {"name":"net","type":"formula","returns":"number","expression":"gross * 0.8"}]}]""")));
        assertEquals(201, d.status(), d.body());
        String shop = api.post("/api/v1/records/shop", new JsonObject().put("name", "S"))
                .json()
                .getString("id");
        for (int gross : new int[] {100, 50, 25}) {
            assertEquals(
                    201,
                    api.post(
                                    "/api/v1/records/sale",
                                    new JsonObject().put("shop", shop).put("gross", gross))
                            .status());
        }
        JsonObject s = api.get("/api/v1/records/shop/" + shop).json();
        assertEquals(
                0,
                new BigDecimal("140")
                        .compareTo(new BigDecimal(s.getValue("net_total").toString())),
                "sum of (gross * 0.8): " + s);
        assertEquals(
                0,
                new BigDecimal("46.6666666666666667")
                        .setScale(6, java.math.RoundingMode.HALF_UP)
                        .compareTo(new BigDecimal(s.getValue("average_net").toString())
                                .setScale(6, java.math.RoundingMode.HALF_UP)),
                "a formula over two roll-ups: " + s);
        Res filtered = api.get("/api/v1/records/shop?count=true&filter="
                + URLEncoder.encode("average_net > 40", StandardCharsets.UTF_8));
        assertEquals(1, filtered.json().getLong("total"), "it filters in the database: " + filtered.body());
    }
}
