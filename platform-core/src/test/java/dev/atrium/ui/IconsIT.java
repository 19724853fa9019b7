package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Icons come from the app's own server (the Bootstrap Icons WebJar), are drawn under the Content-Security-
 * Policy without a single violation, and an object's `ui.icon` picks its icon in the navigation.
 */
class IconsIT {
    @Test
    void iconsAreServedLocallyAndDrawnUnderTheContentSecurityPolicy() throws Exception {
        Api api = TestPlatform.tenantWithAdmin("icons");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        try (Browser b = new Browser(TestPlatform.get().port(), 1440, 900)) {
            b.login(api.slug, api.email, TestPlatform.PASSWORD);
            b.go("#/l/account");
            b.waitText(".page-head h1", "Accounts");
            String mask = (String) b.js("return getComputedStyle(document.querySelector("
                    + "\"nav.side a[data-route='l/account'] .icon\")).maskImage");
            assertTrue(mask.contains("/vendor/icons/building.svg"), "the account's icon: " + mask);
            String served = (String) b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('/vendor/icons/building.svg').then(r => r.text().then(t =>"
                    + " done(r.status + ' ' + r.headers.get('content-type') + ' ' + t.includes('<svg'))))");
            assertEquals("200 image/svg+xml true", served);
            assertTrue(b.all(".toolbar .icon").size() >= 4, "the list's buttons carry icons");
            assertEquals(List.of(), b.consoleErrors(), "no Content-Security-Policy violation, no failed icon");
        }
    }
}
