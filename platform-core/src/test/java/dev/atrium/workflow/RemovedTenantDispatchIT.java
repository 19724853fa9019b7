package dev.atrium.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.Platform;
import dev.atrium.TestPlatform;
import dev.atrium.tenant.Tenant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher walks the organisations it listed a moment ago; one removed in between (a package test's
 * throwaway tenant) is skipped, not a foreign-key failure retried forever in the background.
 */
class RemovedTenantDispatchIT {
    @Test
    void anOrganisationRemovedBeforeItsTurnIsSkipped() {
        Platform p = TestPlatform.get();
        String slug = "gone_" + UUID.randomUUID().toString().substring(0, 8);
        Tenant t = p.blocking(() -> p.tenants().create(slug, "gone"));
        p.blocking(() -> {
            p.tenants().drop(t);
            return null;
        });
        int dispatched = p.blocking(() -> p.dispatcher().dispatch(t.id()));
        assertEquals(0, dispatched);
        long cursors = p.blocking(() -> p.pool()
                .preparedQuery("SELECT count(*) FROM atrium.workflow_cursor WHERE tenant_id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(t.id()))
                .await()
                .iterator()
                .next()
                .getLong(0));
        assertEquals(0, cursors, "no cursor for an organisation that is gone");
    }
}
