package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The review's sales rep had object access and no field access, so every save failed with "Name is
 * required". The permission set editor now warns while the set is being built (create without edit on a
 * required field), offers "all fields", and a rep given the set that way can create the record.
 */
class PermissionSetsIT {
    @Test
    void aSetThatCouldNotFillARequiredFieldIsFlaggedAndAllFieldsFixesIt() {
        Api api = TestPlatform.tenantWithAdmin("permsets");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        String id;
        try (Browser b = new Browser(TestPlatform.get().port(), 1440, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/admin/permissions");
            b.type("#set-name", "Sales rep");
            String row = "tr[data-entity='account']";
            String warning = ".perm-warning[data-entity='account']";
            b.find(row + " .op-read").click();
            b.waitText(warning, "No field is granted");
            b.find(row + " .op-create").click();
            String text = b.waitText(warning, "Name").getText();
            assertTrue(text.contains("saving will fail"), text);

            b.find(row + " details summary").click();
            b.screenshot("50-permission-set-warning");
            b.find(".f-edit[data-entity='account'][data-field='*']").click();
            b.until(d -> !b.find(row)
                    .findElement(org.openqa.selenium.By.cssSelector(".perm-warning"))
                    .isDisplayed());
            b.clickForToast("#save-set", "Saved");
            b.until(d -> d.getCurrentUrl().matches(".*#/admin/permissions/[0-9a-f-]{36}$"));
            id = b.driver.getCurrentUrl().substring(b.driver.getCurrentUrl().lastIndexOf('/') + 1);
            assertEquals(List.of(), b.consoleErrors(), "console errors on the permission set editor");
        }
        JsonObject set = api.get("/api/v1/access/permission-sets").json().getJsonArray("data").stream()
                .map(JsonObject.class::cast)
                .filter(s -> s.getString("id").equals(id))
                .findFirst()
                .orElseThrow();
        JsonObject account =
                set.getJsonObject("definition").getJsonObject("entities").getJsonObject("account");
        assertEquals(
                new JsonObject().put("edit", true),
                account.getJsonObject("fields").getJsonObject("*"));

        String email = "rep@" + api.slug + ".test";
        var user = api.post(
                "/api/v1/users",
                new JsonObject()
                        .put("email", email)
                        .put("displayName", "Rep")
                        .put("password", TestPlatform.PASSWORD)
                        .put("permissionSets", new JsonArray().add(id)));
        assertEquals(201, user.status(), user.body());
        Api rep = new Api(
                TestPlatform.get().port(),
                new Api(TestPlatform.get().port(), null)
                        .loginSession(api.slug, email, TestPlatform.PASSWORD)
                        .getString("token"));
        var created = rep.post("/api/v1/records/account", new JsonObject().put("name", "Rep's first account"));
        assertEquals(201, created.status(), "the rep can fill the required name: " + created.body());
    }
}
