package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.Platform;
import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRM's processes as people meet them in the browser: a quote with a big discount goes to the manager,
 * is approved, becomes an order, an invoice and is paid in two instalments; a resolved complaint reminds
 * its owner to record the customer's feedback; a dealer's portal user sees only their company.
 */
class CrmProcessJourneysIT {
    static Api admin;
    static Platform p;

    @BeforeAll
    static void setUp() {
        p = TestPlatform.get();
        admin = TestPlatform.tenantWithAdmin("journey");
        TestPlatform.installPackage(p, admin.tenant, "crm-core", null);
        TestPlatform.installPackage(p, admin.tenant, "dealer-channel", null);
    }

    static String create(Api api, String entity, JsonObject body) {
        var r = api.post("/api/v1/records/" + entity, body);
        assertEquals(201, r.status(), r.body());
        return r.json().getString("id");
    }

    static JsonObject get(String entity, String id) {
        return admin.get("/api/v1/records/" + entity + "/" + id).json();
    }

    static String id(String path, String name) {
        for (Object o : admin.get(path).json().getJsonArray("data")) {
            JsonObject x = (JsonObject) o;
            if (name.equals(x.getString("name"))) return x.getString("id");
        }
        throw new AssertionError("no " + name + " in " + path);
    }

    /** A user of the organisation, signed in; the email is name@slug.test. */
    static Api user(String name, JsonObject extra) {
        String email = name + "@" + admin.slug + ".test";
        var r = admin.post(
                "/api/v1/users",
                extra.copy()
                        .put("email", email)
                        .put("password", TestPlatform.PASSWORD)
                        .put("displayName", name));
        assertEquals(201, r.status(), r.body());
        return new Api(
                p.port(),
                new Api(p.port(), null)
                        .loginSession(admin.slug, email, TestPlatform.PASSWORD)
                        .getString("token"));
    }

    @Test
    void aBigDiscountIsApprovedAndTheQuoteIsPaidInTwoInstalments() {
        JsonObject asManager = new JsonObject()
                .put("role", id("/api/v1/access/roles", "Sales manager"))
                .put("permissionSets", new JsonArray().add(id("/api/v1/access/permission-sets", "Sales management")));
        user("mia", asManager);
        Api rep = user(
                "raj",
                new JsonObject()
                        .put("role", id("/api/v1/access/roles", "Sales rep"))
                        .put("permissionSets", new JsonArray().add(id("/api/v1/access/permission-sets", "Sales"))));
        String account = create(rep, "account", new JsonObject().put("name", "Delta Mills"));
        String product =
                create(admin, "product", new JsonObject().put("name", "Loom").put("code", "LM-1"));
        String quote =
                create(rep, "quote", new JsonObject().put("account", account).put("status", "draft"));
        create(
                rep,
                "quote_line",
                new JsonObject()
                        .put("quote", quote)
                        .put("product", product)
                        .put("quantity", 2)
                        .put("unit_price", 5000)
                        .put("discount", 25));
        assertEquals(
                422,
                rep.patch("/api/v1/records/quote/" + quote, new JsonObject().put("status", "sent"), null)
                        .status(),
                "25 % cannot be sent without approval");

        try (Browser b = new Browser(p.port(), 390, 844)) {
            b.login(admin.slug, "raj@" + admin.slug + ".test", TestPlatform.PASSWORD);
            b.go("#/r/quote/" + quote + "/edit");
            b.select("#f-status", "in_review");
            b.clickForToast("#save", "Saved");
        }
        TestPlatform.drainJobs(admin.tenant.id());
        assertEquals(
                409,
                rep.patch("/api/v1/records/quote/" + quote, new JsonObject().put("valid_until", "2030-01-01"), null)
                        .status(),
                "the quote is locked while its approval is pending");

        try (Browser b = new Browser(p.port(), 390, 844)) {
            b.login(admin.slug, "mia@" + admin.slug + ".test", TestPlatform.PASSWORD);
            b.go("#/r/quote/" + quote);
            b.click("#tab-approvals");
            b.waitText(".approval", "discount");
            b.screenshot("quote-approval-phone");
            b.click(".approval button.primary");
            b.type("#comment", "OK for this customer");
            b.clickForToast("dialog button[type='submit']", "Saved");
            assertEquals(List.of(), b.consoleErrors(), "no script errors");
        }
        assertEquals("approved", get("quote", quote).getString("status"));
        for (String status : List.of("sent", "accepted")) {
            assertEquals(
                    200,
                    rep.patch("/api/v1/records/quote/" + quote, new JsonObject().put("status", status), null)
                            .status());
        }

        String order;
        try (Browser b = new Browser(p.port(), 390, 844)) {
            b.login(admin.slug, admin.email, TestPlatform.PASSWORD);
            b.go("#/r/quote/" + quote);
            b.click("[data-conversion='to_order']");
            b.clickForToast("#convert-go", "Converted");
            b.until(d -> d.getCurrentUrl().contains("#/r/order/"));
            String url = b.until(d -> d.getCurrentUrl());
            order = url.substring(url.lastIndexOf('/') + 1);
            assertEquals(
                    200,
                    admin.patch("/api/v1/records/order/" + order, new JsonObject().put("status", "confirmed"), null)
                            .status());
            b.go("#/r/order/" + order + "?again");
            b.go("#/r/order/" + order);
            b.click("[data-conversion='to_invoice']");
            b.clickForToast("#convert-go", "Converted");
            b.until(d -> d.getCurrentUrl().contains("#/r/invoice/"));
        }
        JsonArray invoices = admin.get("/api/v1/records/invoice?filter="
                        + URLEncoder.encode("order = '" + order + "'", StandardCharsets.UTF_8))
                .json()
                .getJsonArray("data");
        assertEquals(1, invoices.size());
        String invoice = invoices.getJsonObject(0).getString("id");
        assertEquals(7500.0, invoices.getJsonObject(0).getDouble("balance_due"), 0.001, "2 × 5000 less 25 %");
        for (int half = 0; half < 2; half++) {
            create(
                    admin,
                    "payment",
                    new JsonObject()
                            .put("invoice", invoice)
                            .put("account", account)
                            .put("amount", 3750));
        }
        assertEquals(0.0, get("invoice", invoice).getDouble("balance_due"), 0.001);
        assertEquals(7500.0, get("invoice", invoice).getDouble("paid"), 0.001);
    }

    @Test
    void aResolvedComplaintRemindsItsOwnerUntilTheFeedbackIsRecorded() {
        String complaint = create(
                admin,
                "case",
                new JsonObject()
                        .put("subject", "Late delivery, again")
                        .put("kind", "complaint")
                        .put("priority", "normal")
                        .put("status", "open"));
        assertEquals(
                200,
                admin.patch("/api/v1/records/case/" + complaint, new JsonObject().put("status", "resolved"), null)
                        .status());
        TestPlatform.drainJobs(admin.tenant.id());
        try {
            p.dispatcher().setClock(Clock.offset(Clock.systemUTC(), Duration.ofDays(1)));
            TestPlatform.drainJobs(admin.tenant.id());
        } finally {
            p.dispatcher().setClock(Clock.systemUTC());
        }
        try (Browser b = new Browser(p.port(), 390, 844)) {
            b.login(admin.slug, admin.email, TestPlatform.PASSWORD);
            b.go("#/");
            b.waitText("#inbox", "No feedback yet on complaint");
            b.waitText("#my-tasks", "Ask for feedback: Late delivery, again");
            b.screenshot("complaint-reminder-phone");
            assertEquals(List.of(), b.consoleErrors(), "no script errors");
        }
    }

    @Test
    void aDealersPortalUserSeesOnlyTheirCompany() {
        String mine = create(
                admin, "account", new JsonObject().put("name", "Gamma Dealers").put("type", "partner"));
        String theirs = create(
                admin, "account", new JsonObject().put("name", "Omega Dealers").put("type", "partner"));
        create(
                admin,
                "lead",
                new JsonObject()
                        .put("name", "Lead for Gamma")
                        .put("company", "G1")
                        .put("partner", mine));
        create(
                admin,
                "lead",
                new JsonObject()
                        .put("name", "Lead for Omega")
                        .put("company", "O1")
                        .put("partner", theirs));
        user(
                "pat",
                new JsonObject()
                        .put("portalAccount", mine)
                        .put(
                                "permissionSets",
                                new JsonArray().add(id("/api/v1/access/permission-sets", "Partner portal"))));
        try (Browser b = new Browser(p.port(), 390, 844)) {
            b.login(admin.slug, "pat@" + admin.slug + ".test", TestPlatform.PASSWORD);
            b.go("#/l/lead");
            b.waitText("main", "Lead for Gamma");
            assertFalse(b.find("main").getText().contains("Lead for Omega"), "another dealer's lead is not listed");
            b.go("#/l/account");
            b.waitText("main", "Gamma Dealers");
            assertFalse(b.find("main").getText().contains("Omega Dealers"));
            b.screenshot("portal-phone");
            String nav = (String) b.js("return document.querySelector('nav.side').textContent");
            assertTrue(nav.contains("Dealer orders"), nav);
            assertFalse(nav.contains("Contacts"), "the reduced app leaves out what the partner may not use: " + nav);
            assertEquals(List.of(), b.consoleErrors(), "no script errors");
        }
    }
}
