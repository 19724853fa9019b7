package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The app in Russian, where the review found English left over: field type names in the object manager,
 * crm-core's picklist values (Industry), audit actions, and two different pages both called "Процессы".
 */
class TranslationsIT {
    @Test
    void russianReadsRussian() {
        Api api = TestPlatform.tenantWithAdmin("russian");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        String account = AnalyticsJourneyIT.created(
                api, "account", new JsonObject().put("name", "Ромашка").put("industry", "manufacturing"));

        try (Browser b = new Browser(TestPlatform.get().port(), 1440, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.select("#language", "ru");
            b.waitText("nav.side", "Менеджер объектов");

            b.go("#/r/account/" + account);
            b.waitText("[data-field='industry']", "Производство");

            b.go("#/admin/objects/account");
            String fields = b.waitText("#field-table", "Список выбора").getText();
            for (String english : List.of("picklist", "currency", "lookup", "text")) {
                assertFalse(fields.contains(" " + english + "\n"), english + " in\n" + fields);
            }
            assertTrue(fields.contains("Денежная сумма"), fields);
            assertFalse(
                    b.find("#edit-workflows")
                            .getText()
                            .equals(b.find("#edit-processes").getText()),
                    "workflows and processes are two different pages");

            b.go("#/admin/audit");
            b.waitText("#main table", "Создание");
        }
    }
}
