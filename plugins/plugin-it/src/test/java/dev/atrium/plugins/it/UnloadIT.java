package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.plugin.testkit.PluginHarness;
import io.vertx.core.json.JsonObject;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Installing and removing a plugin many times gives back its class loaders and file handles. */
class UnloadIT {
    @Test
    void classLoadersAndFileHandlesReturnToBaseline() throws Exception {
        try (PluginHarness h = PluginHarness.start()) {
            var api = h.api();
            byte[] jar = Jars.bytes("rfm-analytics");
            // warm up once (first use loads platform classes and opens the jar's signature machinery)
            assertEquals(201, api.upload(jar).status());
            api.post("/api/v1/plugins/rfm-analytics/enable", new JsonObject().put("grantAccess", true));
            assertEquals(204, api.delete("/api/v1/plugins/rfm-analytics").status());
            gc();
            long fdBaseline = openFiles();

            List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                var up = api.upload(jar);
                assertEquals(201, up.status(), up.body());
                loaders.add(new WeakReference<>(
                        h.platform().pluginHost().classLoader("rfm-analytics").orElseThrow()));
                // use it, so classes are really loaded and called
                assertEquals(
                        "champions",
                        h.platform()
                                .plugins()
                                .callFunction(null, "rfm_segment", "[5,5,5]")
                                .replace("\"", ""));
                assertEquals(204, api.delete("/api/v1/plugins/rfm-analytics").status());
            }
            gc();
            long alive = loaders.stream().filter(r -> r.get() != null).count();
            assertEquals(0, alive, alive + " of 20 plugin class loaders are still reachable after unloading");
            long fds = openFiles();
            assertTrue(fds <= fdBaseline + 3, "open files went from " + fdBaseline + " to " + fds);
            System.out.println("[unload] 20 install/remove cycles: class loaders collected " + (20 - alive)
                    + "/20, open files " + fdBaseline + " -> " + fds);
        }
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 6; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static long openFiles() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
