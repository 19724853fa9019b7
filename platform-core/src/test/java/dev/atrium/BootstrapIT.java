package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.TestPlatform.Api;
import dev.atrium.config.AtriumConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** First-run setup on a fresh installation: concurrent attempts create exactly one administrator. */
class BootstrapIT {
    @Test
    void concurrentFirstAdminSetupCreatesExactlyOne() throws Exception {
        AtriumConfig c = new AtriumConfig(
                null, "postgres", "", Path.of("target", "boot-" + UUID.randomUUID()), "127.0.0.1", 0, 500, false, 1);
        try (Platform p = Platform.start(c)) {
            p.serve();
            Api anon = new Api(p.port(), null);
            assertEquals(true, anon.get("/api/v1/setup").json().getBoolean("needed"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                results.add(pool.submit(() -> anon.post(
                                "/api/v1/setup",
                                new JsonObject()
                                        .put("tenant", "first" + n)
                                        .put("email", "admin" + n + "@first.test")
                                        .put("password", TestPlatform.PASSWORD))
                        .status()));
            }
            int created = 0, refused = 0;
            for (Future<Integer> f : results) {
                int status = f.get();
                if (status == 201) created++;
                if (status == 409) refused++;
            }
            pool.shutdown();
            assertEquals(1, created, "exactly one setup succeeds");
            assertEquals(7, refused, "the others are told it is already set up");
            long admins = p.blocking(() -> p.pool()
                    .query("SELECT count(*) FROM atrium.users WHERE is_admin")
                    .execute()
                    .await()
                    .iterator()
                    .next()
                    .getLong(0));
            assertEquals(1, admins);
            assertEquals(false, anon.get("/api/v1/setup").json().getBoolean("needed"));
        }
    }
}
