package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Amounts in several currencies add up in the corporate currency at the rate in effect today (dated
 * rates: an older one no longer applies); an amount in a currency without a rate is left out rather than
 * added at a wrong value; rates are the administrators' to set, and a bad one is refused at its pointer.
 */
class CurrencyIT {
    static BigDecimal total(Api api) {
        Res r = api.post(
                "/api/v1/reports/run", new JsonObject().put("entity", "deal").put("report", new JsonObject("""
                {"aggregates": [{"name": "total", "op": "sum", "field": "amount"}, {"name": "n", "op": "count"}]}""")));
        assertEquals(200, r.status(), r.body());
        Object v = r.json()
                .getJsonArray("rows")
                .getJsonObject(0)
                .getJsonObject("values")
                .getValue("total");
        return new BigDecimal(String.valueOf(v));
    }

    @Test
    void amountsAddUpInTheCorporateCurrencyAtTodaysRate() {
        Api admin = TestPlatform.tenantWithAdmin("fx");
        Res d = admin.deploy(new JsonObject("""
                {"entities": [{"name": "deal", "titleField": "name", "fields": [{"name": "name", "type": "text"},
                  {"name": "amount", "type": "currency", "currency": "EUR"}]}]}"""));
        assertEquals(201, d.status(), d.body());
        for (String[] a : new String[][] {{"100", "EUR"}, {"125", "USD"}, {"50", "USD"}}) {
            Res c = admin.post(
                    "/api/v1/records/deal",
                    new JsonObject()
                            .put("name", "d")
                            .put(
                                    "amount",
                                    new JsonObject()
                                            .put("amount", new BigDecimal(a[0]))
                                            .put("currency", a[1])));
            assertEquals(201, c.status(), c.body());
        }
        assertEquals(0, new BigDecimal("275").compareTo(total(admin)), "no corporate currency: added as stored");

        assertNull(admin.get("/api/v1/currencies").json().getString("corporate"));
        assertEquals(
                200,
                admin.put("/api/v1/currencies", new JsonObject().put("corporate", "EUR"))
                        .status());
        Res bad = admin.post(
                "/api/v1/currencies/rates",
                new JsonObject()
                        .put(
                                "rates",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("code", "USD")
                                                .put("validFrom", "2020-01-01")
                                                .put("rate", 1.10))
                                        .add(new JsonObject()
                                                .put("code", "usd")
                                                .put("validFrom", "2026-01-01")
                                                .put("rate", 1.25))));
        assertEquals(422, bad.status(), bad.body());
        assertEquals(
                "/rates/1/code",
                bad.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        assertEquals(
                0, admin.get("/api/v1/currencies").json().getJsonArray("rates").size(), "all or nothing");

        Res ok = admin.post(
                "/api/v1/currencies/rates",
                new JsonObject()
                        .put(
                                "rates",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("code", "USD")
                                                .put("validFrom", "2020-01-01")
                                                .put("rate", 1.10))
                                        .add(new JsonObject()
                                                .put("code", "USD")
                                                .put("validFrom", "2026-01-01")
                                                .put("rate", 1.25))));
        assertEquals(200, ok.status(), ok.body());
        // 100 EUR + (125 + 50) USD / 1.25 = 100 + 140 EUR
        assertEquals(0, new BigDecimal("240").compareTo(total(admin)), "at today's rate, not the 2020 one");

        admin.post(
                "/api/v1/records/deal",
                new JsonObject()
                        .put("name", "pounds")
                        .put("amount", new JsonObject().put("amount", 999).put("currency", "GBP")));
        assertEquals(0, new BigDecimal("240").compareTo(total(admin)), "no GBP rate: left out, not added as euros");

        Api rep = SecurityITUsers.user(admin, "rep", null);
        assertEquals(
                403,
                rep.put("/api/v1/currencies", new JsonObject().put("corporate", "USD"))
                        .status());
        assertEquals("EUR", rep.get("/api/v1/currencies").json().getString("corporate"), "anyone may read them");
    }

    @Test
    void rollUpsOfAmountsInSeveralCurrenciesAddUpInTheCorporateOne() {
        Api admin = TestPlatform.tenantWithAdmin("fxroll");
        Res d = admin.deploy(new JsonObject("""
                {"entities": [
                  {"name": "fund", "fields": [{"name": "name", "type": "text"},
                    {"name": "pledged", "type": "rollup",
                     "rollup": {"function": "sum", "entity": "pledge", "via": "fund", "field": "amount"}},
                    {"name": "biggest", "type": "rollup",
                     "rollup": {"function": "max", "entity": "pledge", "via": "fund", "field": "amount"}}]},
                  {"name": "pledge", "fields": [{"name": "fund", "type": "lookup", "target": "fund"},
                    {"name": "amount", "type": "currency"}]}]}"""));
        assertEquals(201, d.status(), d.body());
        String fund = admin.post("/api/v1/records/fund", new JsonObject().put("name", "Roof"))
                .json()
                .getString("id");
        for (String[] a : new String[][] {{"100", "EUR"}, {"250", "USD"}, {"1000", "CNY"}}) {
            assertEquals(
                    201,
                    admin.post(
                                    "/api/v1/records/pledge",
                                    new JsonObject()
                                            .put("fund", fund)
                                            .put(
                                                    "amount",
                                                    new JsonObject()
                                                            .put("amount", a[0])
                                                            .put("currency", a[1])))
                            .status());
        }
        assertEquals(0, new BigDecimal("1350").compareTo(number(admin, fund, "pledged")), "as stored, no corporate");

        assertEquals(
                200,
                admin.put("/api/v1/currencies", new JsonObject().put("corporate", "EUR"))
                        .status());
        assertEquals(
                200, admin.post("/api/v1/currencies/rates", new JsonObject("""
                        {"rates": [{"code": "USD", "validFrom": "2020-01-01", "rate": 2},
                                   {"code": "USD", "validFrom": "2026-01-01", "rate": 1.25}]}""")).status());
        // 100 EUR + 250 USD at today's 1.25 = 200 EUR; the yuan has no rate yet and is left out
        assertEquals(0, new BigDecimal("300").compareTo(number(admin, fund, "pledged")), "in euros");
        assertEquals(0, new BigDecimal("200").compareTo(number(admin, fund, "biggest")), "max converts too");
        assertEquals(
                200, admin.post("/api/v1/currencies/rates", new JsonObject("""
                        {"rates": [{"code": "CNY", "validFrom": "2026-01-01", "rate": 8}]}""")).status());
        assertEquals(0, new BigDecimal("425").compareTo(number(admin, fund, "pledged")), "with the yuan");
        String sorted =
                admin.get("/api/v1/records/fund?filter=pledged%20%3E%20400").body();
        assertEquals(1, new JsonObject(sorted).getJsonArray("data").size(), "filters see the converted sum");
    }

    private static BigDecimal number(Api api, String id, String field) {
        return new BigDecimal(
                api.get("/api/v1/records/fund/" + id).json().getValue(field).toString());
    }
}
