package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A new object from the object manager: the API name follows the label (accents dropped, Cyrillic
 * transliterated) until the admin types their own, and the label and plural are given in the other
 * languages in the same dialog.
 */
class NewObjectIT {
    @Test
    void apiNameFromTheLabelAndTranslationsInTheDialog() {
        Api api = TestPlatform.tenantWithAdmin("newobject");
        try (Browser b = new Browser(TestPlatform.get().port(), 1440, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/admin/objects");
            b.click("#new-entity");
            b.type("#entity-label", "Выезд мастера");
            assertEquals("vyezd_mastera", b.find("#entity-name").getDomProperty("value"), "transliterated");
            b.find("#entity-label").clear();
            b.type("#entity-label", "Visita técnica");
            assertEquals("visita_tecnica", b.find("#entity-name").getDomProperty("value"), "accents dropped");
            b.find("#entity-label").clear();
            b.type("#entity-label", "Service visit");
            b.type("#entity-plural", "Service visits");
            assertEquals("service_visit", b.find("#entity-name").getDomProperty("value"));

            b.click("#entity-translations summary");
            b.type(".tr-label[data-locale='es']", "Visita técnica");
            b.type(".tr-plural[data-locale='es']", "Visitas técnicas");
            b.type(".tr-label[data-locale='ru']", "Выезд мастера");
            b.type(".tr-label[data-locale='zh-CN']", "上门服务");
            b.screenshot("51-new-object");
            b.click(".modal button[type='submit']");
            b.click("#apply-plan");
            b.until(d -> d.getCurrentUrl().endsWith("#/admin/objects/service_visit"));
            assertEquals(List.of(), b.consoleErrors(), "console errors in the object manager");
        }
        JsonObject e = api.get("/api/v1/metadata/entities/service_visit").json();
        assertEquals(
                new JsonObject()
                        .put("en", "Service visit")
                        .put("es", "Visita técnica")
                        .put("ru", "Выезд мастера")
                        .put("zh-CN", "上门服务"),
                sorted(e.getJsonObject("label")));
        assertEquals(
                new JsonObject()
                        .put("en", "Service visits")
                        .put("es", "Visitas técnicas")
                        .put("ru", "Выезд мастера")
                        .put("zh-CN", "上门服务"),
                sorted(e.getJsonObject("pluralLabel")));
    }

    private static JsonObject sorted(JsonObject o) {
        JsonObject out = new JsonObject();
        o.fieldNames().stream().sorted().forEach(k -> out.put(k, o.getValue(k)));
        return out;
    }
}
