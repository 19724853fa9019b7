package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.plugin.testkit.PluginHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dev mode accepts unsigned local plugins, but never a signed jar that was tampered with. */
class DevModeIT {
    @Test
    void unsignedAcceptedTamperedStillRefused() {
        try (PluginHarness h = PluginHarness.start(new PluginHarness.Options(Duration.ofSeconds(5), true))) {
            var ok = h.api().upload(Jars.unsigned("locale-ids"));
            assertEquals(201, ok.status(), ok.body());
            assertNull(ok.json().getString("signedBy"));
            byte[] signed = Jars.bytes("rfm-analytics");
            String cls = "dev/atrium/plugins/rfm/Rfm.class";
            byte[] c = Jars.entry(signed, cls);
            c[c.length - 2] ^= 0x01;
            var bad = h.api().upload(Jars.rewrite(signed, Map.of(cls, c)));
            assertEquals(422, bad.status());
            assertTrue(bad.json().getString("detail").contains("changed after it was signed"), bad.body());
        }
    }
}
