package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The editing defects a designer's review found, each typed the way a person types: inline edit saves
 * what was typed (Enter) or nothing (Escape); the related-record picker links the record whose name was
 * typed, even with the Enter key pressed well after the arrow key, and refuses text that was never
 * picked; a field taken off the layout stays off; a refused new user keeps what the admin typed.
 */
class EditingIT {
    static Api api;
    static Browser b;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("edit");
        var r = api.deploy(new JsonObject("""
                {"entities": [
                  {"name": "firm", "titleField": "name", "fields": [{"name": "name", "type": "text"}]},
                  {"name": "deal", "titleField": "name", "fields": [
                    {"name": "name", "type": "text", "required": true},
                    {"name": "firm", "type": "lookup", "target": "firm"},
                    {"name": "amount", "type": "decimal"},
                    {"name": "note", "type": "text"}],
                   "ui": {"list": {"columns": ["name", "amount", "note"]},
                          "layout": {"sections": [{"label": {"en": "Main"},
                                                   "fields": ["name", "firm", "amount", "note"]}]}}}
                ]}"""));
        assertEquals(201, r.status(), r.body());
        create("firm", new JsonObject().put("name", "Northwind Traders"));
        for (int i = 1; i <= 9; i++) create("firm", new JsonObject().put("name", "Northwind Traders " + i));
        b = new Browser(TestPlatform.get().port(), 1280, 900);
        b.login(api.slug, api.email, TestPlatform.PASSWORD);
    }

    @AfterAll
    static void tearDown() {
        if (b != null) b.close();
    }

    static String create(String entity, JsonObject body) {
        var r = api.post("/api/v1/records/" + entity, body);
        assertEquals(201, r.status(), r.body());
        return r.json().getString("id");
    }

    static JsonObject get(String entity, String id) {
        return api.get("/api/v1/records/" + entity + "/" + id).json();
    }

    /** Keys one at a time with a pause, like a person (about 8 characters a second). */
    static void typeSlowly(WebElement el, String text) throws InterruptedException {
        for (char c : text.toCharArray()) {
            el.sendKeys(String.valueOf(c));
            Thread.sleep(120);
        }
    }

    WebElement cell(String id, String field) {
        return b.find("tr[data-id='" + id + "'] td[data-field='" + field + "']");
    }

    @Test
    void inlineEditSavesWhatWasTypedAndEscapeCancels() {
        String id = create(
                "deal",
                new JsonObject().put("name", "Inline").put("amount", 100).put("note", "old note"));
        b.go("#/l/deal");
        cell(id, "note").click();
        cell(id, "note").sendKeys(Keys.ENTER);
        WebElement input = b.find("tr[data-id='" + id + "'] td[data-field='note'] input");
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "new note", Keys.ENTER);
        b.waitText("#toast", "Saved");
        b.until(d -> cell(id, "note").getText().equals("new note"));
        assertEquals("new note", get("deal", id).getString("note"), "Enter saves the typed text, not the old one");

        cell(id, "amount").click();
        cell(id, "amount").sendKeys(Keys.ENTER);
        WebElement amount = b.find("tr[data-id='" + id + "'] td[data-field='amount'] input");
        amount.sendKeys(Keys.chord(Keys.CONTROL, "a"), "250.5", Keys.ENTER);
        b.until(d -> cell(id, "amount").getText().contains("250.5"));
        assertEquals(250.5, get("deal", id).getDouble("amount"));

        int version = get("deal", id).getInteger("version");
        cell(id, "note").click();
        cell(id, "note").sendKeys(Keys.F2);
        WebElement again = b.find("tr[data-id='" + id + "'] td[data-field='note'] input");
        again.sendKeys(Keys.chord(Keys.CONTROL, "a"), "never saved", Keys.ESCAPE);
        b.until(d ->
                b.all("tr[data-id='" + id + "'] td[data-field='note'] input").isEmpty());
        assertEquals("new note", cell(id, "note").getText(), "Escape puts the cell back");
        assertEquals("new note", get("deal", id).getString("note"));
        assertEquals(version, get("deal", id).getInteger("version"), "Escape wrote nothing");
    }

    @Test
    void thePickerLinksTheRecordThatWasTypedAndRefusesTextNeverPicked() throws InterruptedException {
        String five = api.get("/api/v1/records/firm?filter=name%20%3D%20'Northwind%20Traders%205'")
                .json()
                .getJsonArray("data")
                .getJsonObject(0)
                .getString("id");
        b.go("#/r/deal/new");
        b.type("#f-name", "Picked by keyboard");
        WebElement firm = b.find("#f-firm");
        firm.click();
        typeSlowly(firm, "Northwind Traders 5");
        b.until(d -> b.all("#f-firm-list li").size() == 1
                && b.all("#f-firm-list.stale").isEmpty()
                && b.find("#f-firm-list li .option-title").getText().equals("Northwind Traders 5"));
        firm.sendKeys(Keys.ARROW_DOWN);
        Thread.sleep(400); // a person reads the highlighted option before pressing Enter
        firm.sendKeys(Keys.ENTER);
        assertEquals("Northwind Traders 5", firm.getAttribute("value"));
        b.click("#save");
        b.waitText(".page-head h1", "Picked by keyboard");
        String saved = api.get("/api/v1/records/deal?filter=name%20%3D%20'Picked%20by%20keyboard'")
                .json()
                .getJsonArray("data")
                .getJsonObject(0)
                .getString("firm");
        assertEquals(five, saved, "the record typed and picked is the one linked");

        b.go("#/r/deal/new");
        b.type("#f-name", "Typed not picked");
        WebElement other = b.find("#f-firm");
        typeSlowly(other, "Northwind");
        other.sendKeys(Keys.TAB);
        b.click("#save");
        b.waitText("[data-field='firm'] .field-error", "Pick a record");
        assertEquals(
                0,
                api.get("/api/v1/records/deal?filter=name%20%3D%20'Typed%20not%20picked'")
                        .json()
                        .getJsonArray("data")
                        .size(),
                "nothing saved with the text silently dropped");
    }

    @Test
    void aFieldTakenOffTheLayoutStaysOff() {
        String id = create("deal", new JsonObject().put("name", "Layout check").put("note", "hidden note"));
        b.go("#/admin/layout/deal");
        b.click("button[aria-label='Remove: note']");
        b.find(".unplaced [data-field='note']");
        b.clickForToast("#save-layout", "Saved");
        JsonObject layout = api.get("/api/v1/metadata/entities/deal")
                .json()
                .getJsonObject("ui")
                .getJsonObject("layout");
        assertEquals(List.of("note"), layout.getJsonArray("hidden").getList());

        b.open("#/r/deal/" + id);
        b.waitText(".page-head h1", "Layout check");
        b.find("[data-field='name'] dd");
        assertTrue(b.all("[data-field='note']").isEmpty(), "the removed field is not on the record page");
        b.go("#/r/deal/" + id + "/edit");
        b.find("#f-name");
        assertTrue(b.all("#f-note").isEmpty(), "nor on the form");

        // a field added after the layout was saved shows, under a heading that says what it is
        var entity = api.get("/api/v1/metadata/entities/deal").json();
        entity.getJsonArray("fields").add(new JsonObject().put("name", "region").put("type", "text"));
        var r = api.deploy(new JsonObject().put("entities", new io.vertx.core.json.JsonArray().add(entity)));
        assertEquals(201, r.status(), r.body());
        b.open("#/r/deal/" + id);
        b.waitText(".details", "More fields");
        b.find("[data-field='region']");
        assertTrue(b.all("[data-field='note']").isEmpty());
    }

    @Test
    void aRefusedNewUserKeepsWhatWasTyped() {
        b.go("#/admin/users");
        b.click("#new-user");
        b.type("#user-name", "Vera Ortiz");
        b.type("#user-email", "vera@edit.test");
        b.type("#user-password", "password1234");
        b.click("dialog button[type='submit']");
        WebElement problem = b.find("#user-problem");
        b.until(d -> !problem.getText().isBlank());
        assertEquals("Vera Ortiz", b.find("#user-name").getAttribute("value"), "the name is kept");
        assertEquals("vera@edit.test", b.find("#user-email").getAttribute("value"));
        assertEquals("true", b.find("#user-password").getAttribute("aria-invalid"), "the password is marked");
        assertFalse(api.get("/api/v1/users").body().contains("vera@edit.test"), "nobody was created");

        b.type("#user-password", "a much longer passphrase 42");
        b.clickForToast("dialog button[type='submit']", "Created");
        b.waitGone("dialog");
        assertTrue(api.get("/api/v1/users").body().contains("vera@edit.test"));
        assertEquals(List.of(), b.consoleErrors(), "no script errors");
        assertNull(b.all("dialog").stream().findAny().orElse(null));
    }

    @Test
    void aDateTimeIsEditedInThePersonsOwnZoneAndSavingUntouchedChangesNothing() {
        Api shanghai = TestPlatform.tenantWithAdmin("zone");
        assertEquals(201, shanghai.deploy(new JsonObject("""
                        {"entities": [{"name": "meeting", "titleField": "name", "fields": [
                          {"name": "name", "type": "text"},
                          {"name": "starts_at", "type": "datetime"}]}]}""")).status());
        String me = shanghai.get("/api/v1/auth/session")
                .json()
                .getJsonObject("user")
                .getString("id");
        assertEquals(
                204,
                shanghai.patch("/api/v1/users/" + me, new JsonObject().put("timeZone", "Asia/Shanghai"), null)
                        .status());
        String id = shanghai.post(
                        "/api/v1/records/meeting",
                        new JsonObject().put("name", "Kick-off").put("starts_at", "2026-12-02T02:30:00Z"))
                .json()
                .getString("id");
        try (Browser z = new Browser(TestPlatform.get().port(), 1280, 900)) {
            z.login(shanghai.slug, shanghai.email, TestPlatform.PASSWORD);
            z.go("#/r/meeting/" + id + "/edit");
            assertEquals("2026-12-02T10:30", z.attribute("#f-starts_at", 0, "value"), "10:30 in Shanghai");
            z.find("#f-name").sendKeys(" (moved)");
            z.click("#save");
            z.waitText("#main", "Kick-off (moved)");
            assertEquals(Instant.parse("2026-12-02T02:30:00Z"), instant(shanghai, id), "an untouched time stays");

            z.go("#/r/meeting/" + id + "/edit");
            z.find("#f-starts_at");
            z.js("const el = document.querySelector('#f-starts_at'); el.value = '2026-12-03T09:00';"
                    + " el.dispatchEvent(new Event('input', {bubbles: true}));");
            z.click("#save");
            z.waitText("#main", "Kick-off");
            z.until(d -> Instant.parse("2026-12-03T01:00:00Z").equals(instant(shanghai, id)));
        }
    }

    private static Instant instant(Api who, String id) {
        return Instant.parse(who.get("/api/v1/records/meeting/" + id).json().getString("starts_at"));
    }
}
