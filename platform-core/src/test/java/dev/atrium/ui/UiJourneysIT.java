package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The app's journeys in real Chromium, through the UI only (the fixture entities maker and task, and
 * the records the kanban and XSS checks need, are set up through the API): sign in; create an entity
 * with text, picklist, currency, lookup and formula fields; arrange its layout; create, edit, search and
 * delete records; drag kanban cards (a rejected transition snaps back); a validation rule's message on
 * its field; a workflow's task in "my tasks"; Chinese labels; a user without field access; stored XSS.
 * Screenshots of the main screens go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiJourneysIT {
    static TestPlatform.Api api;
    static Browser b;
    static String maker;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("ui");
        var r = api.deploy(new JsonObject()
                .put(
                        "entities",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "maker")
                                        .put("titleField", "name")
                                        .put(
                                                "label",
                                                new JsonObject()
                                                        .put("en", "Maker")
                                                        .put("es", "Fabricante")
                                                        .put("zh-CN", "制造商")
                                                        .put("ru", "Производитель"))
                                        .put(
                                                "pluralLabel",
                                                new JsonObject()
                                                        .put("en", "Makers")
                                                        .put("es", "Fabricantes")
                                                        .put("zh-CN", "制造商")
                                                        .put("ru", "Производители"))
                                        .put(
                                                "ui",
                                                new JsonObject()
                                                        .put(
                                                                "app",
                                                                new JsonObject()
                                                                        .put("en", "Production")
                                                                        .put("zh-CN", "生产")))
                                        .put(
                                                "fields",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put("name", "name")
                                                                .put("type", "text")
                                                                .put("searchable", true))))
                                .add(new JsonObject()
                                        .put("name", "task")
                                        .put("titleField", "subject")
                                        .put(
                                                "label",
                                                new JsonObject()
                                                        .put("en", "Task")
                                                        .put("zh-CN", "任务"))
                                        .put(
                                                "pluralLabel",
                                                new JsonObject()
                                                        .put("en", "Tasks")
                                                        .put("zh-CN", "任务"))
                                        .put(
                                                "fields",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put("name", "subject")
                                                                .put("type", "text")
                                                                .put("searchable", true))
                                                        .add(new JsonObject()
                                                                .put("name", "due_date")
                                                                .put("type", "date"))))));
        assertEquals(201, r.status(), r.body());
        maker = api.post("/api/v1/records/maker", new JsonObject().put("name", "Acme Rockets"))
                .json()
                .getString("id");
        b = new Browser(TestPlatform.get().port(), 1280, 900);
    }

    @AfterAll
    static void tearDown() {
        if (b != null) b.close();
    }

    @org.junit.jupiter.api.AfterEach
    void noScriptErrorsOrPolicyViolations() {
        if (b != null) assertEquals(List.of(), b.consoleErrors(), "the browser console has errors");
    }

    static String adminEmail() {
        return api.email;
    }

    @Test
    @Order(1)
    void signIn() {
        b.open("");
        b.find("#login-email");
        b.screenshot("01-sign-in");
        b.type("#login-tenant", api.slug);
        b.type("#login-email", adminEmail());
        b.type("#login-password", "wrong password!");
        b.click("#login-submit");
        b.until(d -> !b.find("#login-error").getText().isBlank());
        b.type("#login-password", TestPlatform.PASSWORD);
        b.click("#login-submit");
        b.find("#global-search");
        assertTrue(b.find("nav.side").getText().contains("Makers"), "navigation comes from metadata");
        assertTrue(
                b.all("nav.side h2").stream().anyMatch(x -> x.getText().equalsIgnoreCase("Production")),
                "grouped by the entity's app");
    }

    @Test
    @Order(2)
    void createAnEntityWithFieldsOfEveryKindInTheObjectManager() {
        b.go("#/admin/objects");
        b.click("#new-entity");
        b.type("#entity-label", "Gadget");
        b.type("#entity-plural", "Gadgets");
        b.type("#entity-name", "gadget");
        b.find("#entity-name").sendKeys(Keys.ENTER);
        applyPlan();
        b.find("#field-table");

        addField("Stage", "picklist", () -> {
            List<String[]> values = List.of(
                    new String[] {"new", "新建"}, new String[] {"testing", "测试中"}, new String[] {"shipped", "已发货"});
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) b.click("#add-value");
                List<WebElement> rows = b.all(".pv-row");
                WebElement row = rows.get(rows.size() - 1);
                row.findElement(By.cssSelector(".pv-value")).sendKeys(values.get(i)[0]);
                row.findElement(By.cssSelector(".pv-label[data-locale='en']"))
                        .sendKeys(Character.toUpperCase(values.get(i)[0].charAt(0)) + values.get(i)[0].substring(1));
                row.findElement(By.cssSelector(".pv-label[data-locale='zh-CN']"))
                        .sendKeys(values.get(i)[1]);
            }
        });
        addField("Price", "currency", () -> b.type("#field-currency", "EUR"));
        addField("Maker", "lookup", () -> {
            b.until(d -> !b.all("#field-target option[value='maker']").isEmpty());
            b.select("#field-target", "maker");
        });
        addField("Code", "formula", () -> {
            b.type("#field-expression", "UPPER(name)");
            b.select("#field-returns", "text");
            b.waitText("#formula-status", "valid");
        });
        b.screenshot("02-object-manager");
        JsonObject gadget = api.get("/api/v1/metadata/entities/gadget").json();
        List<String> types = gadget.getJsonArray("fields").stream()
                .map(o -> ((JsonObject) o).getString("type"))
                .toList();
        assertEquals(List.of("text", "picklist", "currency", "lookup", "formula"), types);
    }

    private void addField(String label, String type, Runnable settings) {
        b.click("#new-field");
        b.type("#field-label", label);
        b.select("#field-type", type);
        settings.run();
        b.click("#field-save");
        applyPlan();
        b.find("tr[data-field='" + label.toLowerCase() + "']");
    }

    private void applyPlan() {
        b.click("#apply-plan");
        b.waitGone("dialog");
    }

    @Test
    @Order(3)
    void arrangeTheLayout() {
        b.go("#/admin/objects/gadget");
        b.click("#edit-layout");
        b.click("#add-section");
        b.click("[data-section='0'] [data-field='price'] button[aria-label$='price'][aria-label*='ext']");
        b.find("[data-section='1'] [data-field='price']");
        b.find("[data-section='0'] [data-field='code'] button[aria-label^='Move up']")
                .click();
        b.select("#kanban-field", "stage");
        b.screenshot("03-layout-designer");
        b.clickForToast("#save-layout", "Saved");
        JsonObject ui = api.get("/api/v1/metadata/entities/gadget").json().getJsonObject("ui");
        var sections = ui.getJsonObject("layout").getJsonArray("sections");
        assertEquals(
                List.of("price"),
                sections.getJsonObject(1).getJsonArray("fields").getList());
        var first = sections.getJsonObject(0).getJsonArray("fields").getList();
        assertTrue(first.indexOf("code") < first.indexOf("maker"), "code moved up: " + first);
        assertEquals("stage", ui.getJsonObject("kanban").getString("field"));
    }

    @Test
    @Order(4)
    void createEditSearchAndDeleteRecords() {
        b.go("#/l/gadget");
        b.click("a.button.primary[href='#/r/gadget/new']");
        b.type("#f-name", "Rocket");
        b.select("#f-stage", "new");
        b.type("#f-price", "250");
        b.type("#f-maker", "Acme");
        b.click(".suggestions li");
        b.screenshot("04-form");
        b.click("#save");
        b.waitText(".page-head h1", "Rocket");
        assertEquals("ROCKET", b.find("[data-field='code'] dd").getText(), "the formula is computed");
        assertTrue(b.find("[data-field='price'] dd").getText().contains("250"));
        assertEquals("Acme Rockets", b.find("[data-field='maker'] dd a").getText());
        b.screenshot("05-record");

        b.click("#edit");
        b.type("#f-name", "Rocket Two");
        b.click("#save");
        b.waitText(".page-head h1", "Rocket Two");

        WebElement search = b.find("#global-search");
        search.sendKeys("Rocket");
        search.sendKeys(Keys.ENTER);
        b.waitText(".search-results", "Rocket Two");
        b.screenshot("06-search");

        b.find(".search-results a").click();
        b.click("#delete");
        b.click("#confirm-yes");
        b.find(".list-body");
        b.until(d -> !b.find(".list-body").getText().contains("Rocket Two"));
        assertEquals(
                0, api.get("/api/v1/records/gadget").json().getJsonArray("data").size());
    }

    @Test
    @Order(5)
    void dragKanbanCardsAcrossStages() {
        b.go("#/admin/objects/gadget");
        b.click("#edit-processes");
        b.click("#new-machine");
        b.find(".sm-cell[data-from='new'][data-to='testing']").click();
        b.find(".sm-cell[data-from='testing'][data-to='shipped']").click();
        b.all(".sm-initial").get(0).click();
        b.screenshot("07a-state-machine-designer");
        b.click("#save-processes");
        applyPlan();
        b.until(d -> api.get("/api/v1/metadata/entities/gadget").json().getJsonArray("stateMachines") != null);
        JsonObject sm = api.get("/api/v1/metadata/entities/gadget")
                .json()
                .getJsonArray("stateMachines")
                .getJsonObject(0);
        assertEquals(
                List.of("testing"),
                sm.getJsonObject("transitions").getJsonArray("new").getList());
        assertEquals(List.of("new"), sm.getJsonArray("initial").getList());
        String first = api.post(
                        "/api/v1/records/gadget",
                        new JsonObject().put("name", "Probe").put("stage", "new"))
                .json()
                .getString("id");
        api.post(
                "/api/v1/records/gadget", new JsonObject().put("name", "Lander").put("stage", "new"));

        b.go("#/l/gadget?mode=kanban");
        WebElement card = b.find(".column[data-value='new'] .card[data-id='" + first + "']");
        WebElement testing = b.find(".column[data-value='testing'] .cards");
        drag(card, testing);
        b.find(".column[data-value='testing'] .card[data-id='" + first + "']");
        b.until(d -> "testing"
                .equals(api.get("/api/v1/records/gadget/" + first).json().getString("stage")));

        WebElement lander = b.find(".column[data-value='new'] .card");
        String landerId = lander.getAttribute("data-id");
        WebElement shipped = b.find(".column[data-value='shipped'] .cards");
        drag(lander, shipped);
        WebElement back = b.find(".column[data-value='new'] .card[data-id='" + landerId + "'] .error");
        assertFalse(back.getText().isBlank(), "the rejected transition snaps back with the message");
        b.screenshot("07-kanban");
        assertEquals("new", api.get("/api/v1/records/gadget/" + landerId).json().getString("stage"));
    }

    /** Presses on the card's edge (not on its link or select), moves in steps, releases over the target. */
    private static void drag(WebElement card, WebElement target) {
        var r = card.getRect();
        new Actions(b.driver)
                .moveToElement(card, -r.getWidth() / 2 + 3, -r.getHeight() / 2 + 3)
                .clickAndHold()
                .moveByOffset(15, 15)
                .moveToElement(target)
                .pause(Duration.ofMillis(150))
                .moveByOffset(2, 2)
                .release()
                .perform();
    }

    @Test
    @Order(6)
    void aValidationRuleBlocksASaveWithItsMessageOnTheField() {
        b.go("#/admin/rules/gadget");
        b.click("#new-rule");
        b.select(".rule-kind", "validation");
        b.select(".rule-field", "price");
        b.type(".rule-message", "Price must not be negative");
        WebElement code = b.find(".rule-source");
        code.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        code.sendKeys("return !(record.price && record.price.amount < 0);");
        b.waitText(".syntax", "script is valid");
        b.screenshot("08-rule-editor");
        b.click("#save-rules");
        applyPlan();
        b.until(d -> api.get("/api/v1/metadata/entities/gadget").json().getJsonArray("rules") != null);

        b.go("#/r/gadget/new");
        b.type("#f-name", "Broken");
        b.select("#f-stage", "new");
        b.type("#f-price", "-5");
        b.click("#save");
        assertEquals(
                "Price must not be negative",
                b.waitText("[data-field='price'] .field-error", "negative").getText());
        b.screenshot("09-form-error");
    }

    @Test
    @Order(7)
    void aWorkflowCreatesATaskThatShowsInMyTasks() throws Exception {
        b.go("#/admin/workflows/gadget");
        b.click("#new-workflow");
        b.select(".wf-add", "create");
        b.select(".wf-entity", "task");
        b.click(".wf-add-value");
        b.select(".wf-value-field", "subject");
        b.type(".wf-value", "{{name}}");
        b.select(".wf-add", "notify");
        b.type(".wf-notify-title", "New gadget to check");
        b.screenshot("10-workflow-designer");
        b.click("#save-workflows");
        applyPlan();
        b.until(d -> api.get("/api/v1/metadata/entities/gadget").json().getJsonArray("workflows") != null);

        b.go("#/r/gadget/new");
        b.type("#f-name", "Satellite");
        b.select("#f-stage", "new");
        b.click("#save");
        b.waitText(".page-head h1", "Satellite");
        b.until(d -> !b.find("#unread").getText().isBlank());
        assertEquals(
                "1",
                b.find("#unread").getText(),
                "the notification arrived live (server-sent events), without reloading");
        assertTrue(b.find("#toast").getText().contains("New gadget to check"), "and popped up");
        // the task is created by the workflow's job: Home is reloaded until it shows
        b.until(d -> {
            b.go("#/?t=" + System.nanoTime());
            return b.find("#my-tasks").getText().contains("Satellite");
        });
        b.screenshot("11-home-my-tasks");
    }

    @Test
    @Order(8)
    void switchToChinese() {
        b.select("#language", "zh-CN");
        b.waitText("nav.side", "制造商");
        assertTrue(b.find("nav.side").getText().contains("首页"), "UI strings are translated");
        assertTrue(b.find("nav.side").getText().contains("生产"), "and app names");
        b.go("#/l/gadget?mode=kanban");
        b.waitText(".column[data-value='testing'] h2", "测试中");
        b.screenshot("12-chinese");
        b.select("#language", "en");
        b.waitText("nav.side", "Home");
    }

    @Test
    @Order(9)
    void aUserWithoutFieldAccessDoesNotSeeTheField() {
        b.go("#/admin/permissions");
        b.type("#set-name", "Gadget viewers");
        b.find("tr[data-entity='gadget'] .op-read").click();
        b.find("tr[data-entity='gadget'] .op-viewAll").click();
        b.find("tr[data-entity='gadget'] details summary").click();
        b.find(".f-read[data-entity='gadget'][data-field='name']").click();
        b.find(".f-read[data-entity='gadget'][data-field='stage']").click();
        b.screenshot("13-permission-set");
        b.clickForToast("#save-set", "Saved");

        b.go("#/admin/users");
        b.click("#new-user");
        b.type("#user-name", "Vera Viewer");
        b.type("#user-email", "vera@ui.test");
        b.type("#user-password", "violet kumquat harbor 42");
        new org.openqa.selenium.support.ui.Select(b.find("#user-sets")).selectByVisibleText("Gadget viewers");
        b.click("dialog button[type='submit']");
        b.waitText("table.records", "vera@ui.test");
        b.screenshot("14-users");

        b.logout();
        b.login(api.slug, "vera@ui.test", "violet kumquat harbor 42");
        b.go("#/l/gadget");
        WebElement table = b.find("table.records");
        assertTrue(table.getText().contains("Stage"));
        assertFalse(table.getText().contains("Price"), "no price column for Vera");
        b.find("table.records tbody a").click();
        b.find(".details");
        assertTrue(b.all("[data-field='price']").isEmpty(), "no price on the record page either");
        assertTrue(b.all("#edit").isEmpty(), "read-only access shows no edit button");
        b.logout();
        b.login(api.slug, adminEmail(), TestPlatform.PASSWORD);

        b.go("#/admin/users");
        b.click("tr[data-user='vera@ui.test'] .deactivate");
        b.click("dialog button.danger");
        b.waitText("tr[data-user='vera@ui.test']", "Inactive");
        var anon = new TestPlatform.Api(TestPlatform.get().port(), null);
        int status = anon.send(
                        "POST",
                        "/api/v1/auth/login",
                        new JsonObject()
                                .put("tenant", api.slug)
                                .put("email", "vera@ui.test")
                                .put("password", "violet kumquat harbor 42")
                                .encode(),
                        null,
                        null)
                .status();
        assertTrue(status >= 400, "a deactivated user cannot sign in: " + status);
    }

    @Test
    @Order(10)
    void storedXssRendersAsTextEverywhere() {
        String img = "<img src=x onerror=alert(1)>";
        String svg = "\"><svg onload=alert(2)>";
        JsonObject e = api.get("/api/v1/metadata/entities/gadget").json();
        JsonArray fields = e.getJsonArray("fields");
        for (Object o : fields) {
            JsonObject f = (JsonObject) o;
            if (f.getString("name").equals("stage"))
                f.getJsonArray("values").getJsonObject(0).put("label", new JsonObject().put("en", img));
            if (f.getString("name").equals("code")) f.put("label", new JsonObject().put("en", svg));
        }
        fields.add(new JsonObject().put("name", "site").put("type", "url"));
        fields.add(new JsonObject().put("name", "notes").put("type", "rich_text"));
        e.put(
                "ui",
                e.getJsonObject("ui")
                        .put(
                                "layout",
                                new JsonObject()
                                        .put(
                                                "sections",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put(
                                                                        "fields",
                                                                        new JsonArray()
                                                                                .add("name")
                                                                                .add("stage")
                                                                                .add("code")
                                                                                .add("site")
                                                                                .add("notes")
                                                                                .add("price")
                                                                                .add("maker"))))));
        var r = api.deploy(new JsonObject().put("entities", new JsonArray().add(e)));
        assertEquals(201, r.status(), r.body());
        assertEquals(
                422,
                api.post(
                                "/api/v1/records/gadget",
                                new JsonObject()
                                        .put("name", "x")
                                        .put("stage", "new")
                                        .put("site", "javascript:alert(3)"))
                        .status(),
                "javascript: URLs are not web addresses");
        String id = api.post(
                        "/api/v1/records/gadget",
                        new JsonObject()
                                .put("name", img)
                                .put("stage", "new")
                                .put("site", "https://example.com/?q=\"><script>alert(7)</script>")
                                .put(
                                        "notes",
                                        "<p>fine <b>bold</b></p><img src=x "
                                                + "onerror=alert(4)><script>alert(5)</script><a "
                                                + "href=\"javascript:alert(6)\">link</a>"))
                .json()
                .getString("id");
        assertTrue(id != null, "the record with the payloads was stored");

        for (String screen : List.of(
                "#/l/gadget",
                "#/r/gadget/" + id,
                "#/r/gadget/" + id + "/edit",
                "#/l/gadget?mode=kanban",
                "#/search?q=img",
                "#/admin/objects/gadget",
                "#/admin/layout/gadget")) {
            b.go(screen);
            b.find("main .page-head");
            b.until(d -> !b.find("main").getText().isBlank());
            String html = (String) b.js("return document.querySelector('main').innerHTML");
            assertTrue(b.noAlert(), "no script ran on " + screen);
            assertTrue(
                    b.all("main img, main svg, main script, main [onerror], main [onload]")
                            .isEmpty(),
                    "no markup from data on " + screen + ": " + html);
            assertFalse(html.contains("href=\"javascript"), "no javascript: link on " + screen);
        }
        b.go("#/r/gadget/" + id);
        b.waitText(".page-head h1", img);
        assertEquals(
                "fine bold link",
                b.find("[data-field='notes'] .rich")
                        .getText()
                        .replaceAll("\\s+", " ")
                        .trim(),
                "rich text keeps safe markup only");
        assertEquals("b", b.find("[data-field='notes'] .rich b").getTagName());
        assertEquals(svg, b.find("[data-field='code'] dt").getText());
        assertTrue(
                b.find("[data-field='site'] dd a").getText().contains("<script>"), "a URL with markup shows as text");
        b.screenshot("15-xss-as-text");
    }

    @Test
    @Order(11)
    void phoneWidthAndAdminScreens() {
        for (String[] s : new String[][] {
            {"#/admin/audit", "16-audit"},
            {"#/admin/deployments", "17-deployments"},
            {"#/admin/plugins", "18-plugins"},
            {"#/l/gadget?mode=calendar", "19-calendar"}
        }) {
            b.go(s[0]);
            b.find("main .page-head h1");
            b.screenshot(s[1]);
        }
        try (Browser phone = new Browser(TestPlatform.get().port(), 390, 844)) {
            phone.login(api.slug, adminEmail(), TestPlatform.PASSWORD);
            phone.go("#/l/gadget");
            phone.find("table.records");
            assertTrue(phone.all("nav.side").get(0).getRect().getX() < 0, "the navigation is folded away on a phone");
            phone.screenshot("20-phone-list");
            phone.click(".menu-toggle");
            phone.until(d -> phone.all("nav.side").get(0).getRect().getX() >= 0);
            phone.screenshot("21-phone-navigation");
        }
    }
}
