package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.auth.Principal;
import dev.atrium.demo.DemoData;
import dev.atrium.demo.DemoSetup;
import dev.atrium.deploy.DeploymentRequest;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.tenant.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * `./atrium demo` on a machine where the first start did not finish: the sample data is one transaction,
 * so a failure leaves none of it, and the next start finishes what is missing without loading twice.
 */
class DemoSetupIT {
    @Test
    void anInterruptedSetupIsFinishedByTheNextStartAndNothingLoadsTwice() {
        Platform p = TestPlatform.get();
        // an earlier start got as far as the tenant, its administrator and the template
        Tenant t = p.blocking(() -> p.tenants().create(DemoSetup.SLUG, "Demo Company"));
        UUID admin = p.blocking(() -> p.auth().createUser(t, DemoSetup.EMAIL, "Demo Admin", DemoSetup.PASSWORD, true));
        TestPlatform.installPackage(p, t, "crm-core", admin);

        // ... and its data load failed half-way (here: invoices refused by a rule deployed for the test)
        List<MetadataDocument> refusing = new ArrayList<>();
        var invoice =
                p.blocking(() -> p.metadata().snapshot(t.id()).entity("invoice").orElseThrow());
        {
            var json = new io.vertx.core.json.JsonObject(dev.atrium.metadata.io.MetadataWriter.json(
                    dev.atrium.metadata.io.MetadataWriter.entity(invoice, null, true)));
            var rules = json.getJsonArray("rules", new io.vertx.core.json.JsonArray());
            rules.add(new io.vertx.core.json.JsonObject()
                    .put("name", "refuse_all")
                    .put("kind", "validation")
                    .put("source", "return false;"));
            json.put("rules", rules);
            refusing.add(new MetadataDocument("invoice", MetadataReader.parse(json.encode())));
        }
        p.blocking(() -> p.deployments()
                .deploy(t, new DeploymentRequest(refusing, false, List.of(), false, false, admin, java.util.Map.of())));
        Principal principal = new Principal(admin, t.id(), DemoSetup.EMAIL, "Demo Admin", true, "en", null);
        assertThrows(RuntimeException.class, () -> p.blocking(() -> new DemoData(p, t, principal).load()));
        assertEquals(0, count(p, t, "account"), "the failed load left no accounts behind: it was one transaction");

        // the next start finishes the setup (the refusing rule is gone again)
        var original = new MetadataDocument(
                "invoice",
                MetadataReader.parse(dev.atrium.metadata.io.MetadataWriter.json(
                        dev.atrium.metadata.io.MetadataWriter.entity(invoice, null, true))));
        p.blocking(() -> p.deployments()
                .deploy(t, new DeploymentRequest(List.of(original), false, List.of(), false, false, admin, Map.of())));
        List<String> said = new ArrayList<>();
        p.blocking(() -> new DemoSetup(p, said::add).run());
        assertTrue(said.contains("Finishing the demo setup an earlier start did not complete..."), said.toString());
        long accounts = count(p, t, "account");
        long invoices = count(p, t, "invoice");
        assertTrue(accounts > 0 && invoices > 0, accounts + " accounts, " + invoices + " invoices");

        // and a start after that keeps the data as it is
        List<String> again = new ArrayList<>();
        p.blocking(() -> new DemoSetup(p, again::add).run());
        assertEquals(List.of("Demo tenant already exists; keeping its data."), again);
        assertEquals(accounts, count(p, t, "account"), "nothing was loaded twice");

        // ./atrium demo --package real-estate: the industry package and its sample data, once
        List<String> more = new ArrayList<>();
        DemoSetup setup = new DemoSetup(p, more::add);
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> p.blocking(() -> {
                    setup.packages(t, List.of("real-estate", "no-such-package"));
                    return null;
                }));
        assertTrue(unknown.getMessage().contains("no-such-package"), unknown.getMessage());
        assertThrows(RuntimeException.class, () -> count(p, t, "property"), "nothing was installed");
        for (int start = 0; start < 2; start++) {
            p.blocking(() -> {
                setup.packages(t, List.of("real-estate"));
                return null;
            });
        }
        assertEquals(List.of("Installing real-estate with its sample data..."), more);
        assertEquals(4, count(p, t, "property"), "the package's sample properties, loaded once");
    }

    static long count(Platform p, Tenant t, String entity) {
        return p.blocking(() -> p.pool()
                .query("SELECT count(*) FROM " + dev.atrium.metadata.sql.Sql.table(t.schema(), entity))
                .execute()
                .await()
                .iterator()
                .next()
                .getLong(0));
    }
}
