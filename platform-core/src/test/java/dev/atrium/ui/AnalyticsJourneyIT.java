package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * A sales manager in Chromium: builds a matrix report of won amount by owner and quarter with a chart,
 * saves it, drills into a bar to the list of exactly its deals, puts the report on a new dashboard,
 * filters the dashboard to one owner, and exports the report to XLSX (read back here with a spreadsheet
 * library, with the same numbers as the API).
 */
class AnalyticsJourneyIT {
    static Api admin;
    static String annId;

    @BeforeAll
    static void setUp() {
        admin = TestPlatform.tenantWithAdmin("charts");
        TestPlatform.installPackage(TestPlatform.get(), admin.tenant, "crm-core", null);
        String sales = null;
        for (Object o : admin.get("/api/v1/access/permission-sets").json().getJsonArray("data")) {
            if (((JsonObject) o).getString("name").equals("Sales")) sales = ((JsonObject) o).getString("id");
        }
        String email = "ann@" + admin.slug + ".test";
        var u = admin.post(
                "/api/v1/users",
                new JsonObject()
                        .put("email", email)
                        .put("password", TestPlatform.PASSWORD)
                        .put("displayName", "Ann Quarterly")
                        .put("permissionSets", new JsonArray().add(sales)));
        assertEquals(201, u.status(), u.body());
        annId = u.json().getString("id");
        Api ann = new Api(
                TestPlatform.get().port(),
                new Api(TestPlatform.get().port(), null)
                        .loginSession(admin.slug, email, TestPlatform.PASSWORD)
                        .getString("token"));
        String account = created(admin, "account", new JsonObject().put("name", "Quarter Co"));
        String annAccount = created(ann, "account", new JsonObject().put("name", "Ann's Quarter Co"));
        int[][] won = {{1, 12000}, {2, 8000}, {5, 15000}, {8, 4000}, {11, 9000}};
        for (int i = 0; i < won.length; i++) {
            for (Api who : List.of(admin, ann)) {
                created(
                        who,
                        "opportunity",
                        new JsonObject()
                                .put("name", "Won " + i)
                                .put("account", who == admin ? account : annAccount)
                                .put("stage", "won")
                                .put(
                                        "amount",
                                        new JsonObject()
                                                .put("amount", won[i][1] + (who == admin ? 0 : 500))
                                                .put("currency", "EUR"))
                                .put("close_date", String.format("2026-%02d-15", won[i][0])));
            }
        }
        created(
                admin,
                "opportunity",
                new JsonObject()
                        .put("name", "Lost one")
                        .put("account", account)
                        .put("stage", "lost")
                        .put("amount", new JsonObject().put("amount", 99999).put("currency", "EUR"))
                        .put("close_date", "2026-02-01"));
    }

    /** An opportunity in US dollars closing on 20 December 2026; its id. */
    static String deal(Api who, String account, String name, String stage, int amount) {
        return created(
                who,
                "opportunity",
                new JsonObject()
                        .put("name", name)
                        .put("account", account)
                        .put("stage", stage)
                        .put("amount", new JsonObject().put("amount", amount).put("currency", "USD"))
                        .put("close_date", "2026-12-20"));
    }

    static String created(Api who, String entity, JsonObject body) {
        var r = who.post("/api/v1/records/" + entity, body);
        assertEquals(201, r.status(), r.body());
        return r.json().getString("id");
    }

    static long count(String filter) {
        return admin.get("/api/v1/records/opportunity?count=true&limit=1&filter="
                        + URLEncoder.encode(filter, StandardCharsets.UTF_8))
                .json()
                .getLong("total");
    }

    /** Clicks the middle of the first bar of the first series of the chart in {@code css}. */
    static void clickFirstBar(Browser b, String css) {
        WebElement chart = b.find(css);
        b.js("arguments[0].scrollIntoView({block: 'center'})", chart);
        b.until(d -> b.js("const c = echarts.getInstanceByDom(arguments[0]); return !!c && !!c.getOption();", chart));
        @SuppressWarnings("unchecked")
        List<Number> p = (List<Number>) b.js("""
                const c = echarts.getInstanceByDom(arguments[0]);
                const v = c.getOption().series[0].data[0];
                return c.convertToPixel({seriesIndex: 0}, [0, v / 2]);""", chart);
        int w = chart.getSize().getWidth();
        int hgt = chart.getSize().getHeight();
        new Actions(b.driver)
                .moveToElement(chart, p.get(0).intValue() - w / 2, p.get(1).intValue() - hgt / 2)
                .click()
                .perform();
    }

    @Test
    void buildAMatrixReportDrillSaveToADashboardFilterAndExport() throws Exception {
        try (Browser b = new Browser(TestPlatform.get().port(), 1280, 900)) {
            b.login(admin.slug, admin.email, TestPlatform.PASSWORD);
            b.click("#nav-reports");
            b.click("#new-report");
            b.select("#rb-entity", "opportunity");
            b.select("#rb-type", "matrix");
            b.select("#rb-group-0", "owner_id");
            b.select("#rb-group-1", "close_date");
            b.select("#rb-bucket-1", "quarter");
            b.select("#rb-agg-op-0", "sum");
            b.select("#rb-agg-field-0", "amount");
            b.type("#rb-filter", "stage = 'won'");
            b.select("#rb-chart", "column");
            b.waitText("#rb-preview .matrix-table", "Ann Quarterly");
            b.waitText("#rb-preview .matrix-table thead", "Q4 2026");
            // the preview follows every change: the last one, the sum of won amounts (48,000 won by the admin
            // and 50,500 by Ann), is the one to read
            b.waitText("#rb-preview .matrix-table tfoot td:last-child", "98,500");
            b.type("#rb-name", "won_by_owner_quarter");
            b.type("#rb-label", "Won by owner and quarter");
            b.js("window.scrollTo(0, 0)");
            b.screenshot("30-report-builder");
            b.click("#rb-save");
            b.until(d -> d.getCurrentUrl().endsWith("#/reports/opportunity/won_by_owner_quarter"));
            b.find(".matrix-table");
            b.js("window.scrollTo(0, 0)");
            b.screenshot("31-report");

            clickFirstBar(b, ".chart-box");
            b.until(d -> d.getCurrentUrl().contains("#/l/opportunity?filter="));
            String filter = java.net.URLDecoder.decode(
                    b.driver.getCurrentUrl().substring(b.driver.getCurrentUrl().indexOf("filter=") + 7),
                    StandardCharsets.UTF_8);
            long n = count(filter);
            assertTrue(n >= 1, filter);
            b.waitText(".page-head .count", n + " record");

            b.go("#/reports/edit/opportunity/won_by_owner_quarter");
            b.select("#rb-dashboard", "");
            b.type("#rb-dashboard-name", "sales_board");
            b.click("#rb-add-dashboard");
            b.until(d -> d.getCurrentUrl().contains("#/dashboards/opportunity/sales_board"));
            String adminName = admin.get("/api/v1/auth/session")
                    .json()
                    .getJsonObject("user")
                    .getString("displayName");
            WebElement chart = b.find("#dashboard-grid .component .chart");
            b.until(d -> chart.getAttribute("aria-label") != null
                    && chart.getAttribute("aria-label").contains("Ann Quarterly")
                    && chart.getAttribute("aria-label").contains(adminName));
            b.js("window.scrollTo(0, 0)");
            b.screenshot("32-dashboard");
            b.select("#dash-owner", annId);
            b.click("#dash-apply");
            b.until(d -> d.getCurrentUrl().contains("owner=" + annId));
            b.until(d -> {
                String label = b.find("#dashboard-grid .component .chart").getAttribute("aria-label");
                return label != null && label.contains("Ann Quarterly") && !label.contains(adminName);
            });
            b.js("window.scrollTo(0, 0)");
            b.screenshot("33-dashboard-filtered");

            b.go("#/reports/opportunity/won_by_owner_quarter");
            b.find(".matrix-table");
            b.click("#export-xlsx");
            var file = b.downloaded(".xlsx");
            JsonObject api = admin.get("/api/v1/reports/opportunity/won_by_owner_quarter")
                    .json();
            try (ReadableWorkbook wb = new ReadableWorkbook(Files.newInputStream(file))) {
                var rows = wb.getFirstSheet().read();
                var total = rows.get(rows.size() - 1);
                assertEquals("Total", total.getCellText(0));
                BigDecimal expected = new BigDecimal(
                        String.valueOf(api.getJsonObject("totals").getValue("sum_amount")));
                assertEquals(0, expected.compareTo(total.getCell(2).asNumber()), "the workbook's total is the API's");
                assertEquals(
                        0,
                        new BigDecimal("98500").compareTo(expected),
                        "won deals of both owners, the lost one left out");
            }
            assertEquals(List.of(), b.consoleErrors(), "no script errors or policy violations");
        }
    }
}
