package dev.atrium.plugins.webforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atrium.plugin.api.HttpRoute;
import dev.atrium.plugin.api.JsonText;
import dev.atrium.plugin.testkit.ExtensionContracts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebFormsTest {
    @Test
    void spamSignals() {
        long now = 1_000_000;
        assertNull(Spam.check(Map.of("name", "Ana", "_rendered", String.valueOf(now - 5000)), now));
        assertEquals("honeypot filled", Spam.check(Map.of("name", "Bot", "website", "http://x"), now));
        assertEquals("sent too fast", Spam.check(Map.of("name", "Bot", "_rendered", String.valueOf(now - 300)), now));
        assertEquals("too many links", Spam.check(Map.of("msg", "http://a www.b https://c http://d"), now));
        assertNotNull(Spam.check(Map.of("_rendered", "yesterday"), now));
    }

    @Test
    void formsSettingParses() {
        var forms = FormConfig.parse(
                "{\"contact\": {\"entity\": \"lead\", \"fields\": {\"full_name\": \"name\"}, \"fixed\": "
                        + "{\"source\": \"web\"}, \"required\": [\"full_name\"]}}");
        var f = forms.get("contact");
        assertEquals("lead", f.entity());
        assertEquals("name", f.fields().get("full_name"));
        assertEquals("web", f.fixed().get("source"));
        assertEquals(List.of("full_name"), f.required());
        assertThrows(RuntimeException.class, () -> FormConfig.parse("{\"x\": {}}"));
    }

    @Test
    void inputIsReadFromJsonOrFormEncoding() {
        var json = new HttpRoute.Request(
                "POST",
                "/contact",
                Map.of(),
                Map.of("content-type", "application/json"),
                "{\"name\":\"Li \\u5a1c\",\"n\":3}",
                null,
                "1.2.3.4");
        assertEquals("Li 娜", WebForms.input(json).get("name"));
        assertEquals("3", WebForms.input(json).get("n"));
        var form = new HttpRoute.Request(
                "POST",
                "/contact",
                Map.of(),
                Map.of("content-type", "application/x-www-form-urlencoded"),
                "name=Jos%C3%A9+P&email=j%40x.es",
                null,
                "1.2.3.4");
        assertEquals("José P", WebForms.input(form).get("name"));
        assertEquals("j@x.es", WebForms.input(form).get("email"));
    }

    @Test
    void jsonRoundTrips() {
        Object v = JsonText.parse("{\"a\":[1,2.5,\"x\\\"\",true,null],\"b\":{}}");
        assertEquals("{\"a\":[1,2.5,\"x\\\"\",true,null],\"b\":{}}", JsonText.write(v));
        for (String bad : new String[] {"{\"a\"", "[1,", "{\"a\":tru}", "\"open"}) {
            assertThrows(IllegalArgumentException.class, () -> JsonText.parse(bad), bad);
        }
    }

    @Test
    void extensionsKeepTheirContracts() {
        ExtensionContracts.checkCommon(new WebForms.Submit());
        ExtensionContracts.checkCommon(new WebForms.ListForms());
        ExtensionContracts.checkUi(new WebForms.Ui(), "web-forms");
    }
}
