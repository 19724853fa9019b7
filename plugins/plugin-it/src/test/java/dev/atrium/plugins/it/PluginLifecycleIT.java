package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.atrium.plugin.testkit.PluginHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upload -> enable -> use (the e-mail action in a workflow, against a real SMTP server) -> disable ->
 * remove, all over HTTP, without restarting the platform.
 */
class PluginLifecycleIT {
    static PluginHarness h;
    static GreenMail smtp;

    @BeforeAll
    static void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        h = PluginHarness.start();
    }

    @AfterAll
    static void stop() {
        h.close();
        smtp.stop();
    }

    static JsonObject settings() {
        return new JsonObject()
                .put("smtp_host", "127.0.0.1")
                .put("smtp_port", String.valueOf(smtp.getSmtp().getPort()))
                .put("from", "support@acme.test")
                .put("starttls", "false")
                .put("smtp_password", "s3cret");
    }

    static String filter(String f) {
        return URLEncoder.encode(f, StandardCharsets.UTF_8);
    }

    @Test
    void uploadEnableUseDisableRemove() throws Exception {
        var api = h.api();
        h.deploy(new JsonObject()
                .put("name", "ticket")
                .put(
                        "fields",
                        new JsonArray()
                                .add(new JsonObject().put("name", "subject").put("type", "text"))
                                .add(new JsonObject().put("name", "email").put("type", "email"))));

        // upload
        var up = api.upload(Jars.bytes("email-channel"));
        assertEquals(201, up.status(), up.body());
        assertEquals("email-channel", up.json().getString("id"));
        assertEquals("started", up.json().getString("state"));
        assertFalse(up.json().getBoolean("enabled"));
        assertEquals("CN=Atrium development plugins,O=Atrium", up.json().getString("signedBy"));
        JsonArray form = up.json().getJsonArray("settings");
        assertTrue(form.stream()
                .map(o -> ((JsonObject) o).getString("name"))
                .toList()
                .containsAll(java.util.List.of("smtp_host", "smtp_password", "from")));
        assertTrue(Files.list(h.platform().pluginHost().config().dir())
                .anyMatch(p -> p.getFileName().toString().startsWith("email-channel-")));

        // the action cannot be used before the plugin is enabled
        var early = api.post(
                "/api/v1/metadata/deployments",
                new JsonObject().put("entities", new JsonArray().add(ticketWithWorkflow())));
        assertEquals(422, early.status(), early.body());
        assertTrue(
                early.body().contains("/workflows/0/actions/0/plugin")
                        && early.body().contains("not enabled"),
                early.body());

        // enabling needs the access grant and valid settings
        var noGrant = api.post("/api/v1/plugins/email-channel/enable", new JsonObject().put("settings", settings()));
        assertEquals(422, noGrant.status());
        assertTrue(noGrant.body().contains("/grantAccess") && noGrant.body().contains("email_message"), noGrant.body());
        var badSettings = api.post(
                "/api/v1/plugins/email-channel/enable",
                new JsonObject()
                        .put("grantAccess", true)
                        .put(
                                "settings",
                                new JsonObject().put("smtp_port", "many").put("from", "not-an-address")));
        assertEquals(422, badSettings.status());
        assertTrue(
                badSettings.body().contains("/settings/smtp_host")
                        && badSettings.body().contains("/settings/smtp_port")
                        && badSettings.body().contains("/settings/from"),
                badSettings.body());
        var enabled = api.post(
                "/api/v1/plugins/email-channel/enable",
                new JsonObject().put("grantAccess", true).put("settings", settings()));
        assertEquals(200, enabled.status(), enabled.body());
        assertTrue(enabled.json().getBoolean("enabled"));
        assertEquals(
                "********",
                enabled.json().getJsonObject("values").getString("smtp_password"),
                "secrets are never shown again");
        assertEquals(
                200, api.get("/api/v1/records/email_message").status(), "the plugin's template added email_message");

        // use: a workflow sends an e-mail when a ticket is created
        var deployed = api.post(
                "/api/v1/metadata/deployments",
                new JsonObject().put("entities", new JsonArray().add(ticketWithWorkflow())));
        assertEquals(201, deployed.status(), deployed.body());
        int before = smtp.getReceivedMessages().length;
        var ticket = api.post(
                "/api/v1/records/ticket",
                new JsonObject().put("subject", "Printer on fire").put("email", "ana@customer.test"));
        assertEquals(201, ticket.status(), ticket.body());
        h.drainJobs();
        assertTrue(smtp.waitForIncomingEmail(5000, before + 1));
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertEquals(before + 1, mails.length);
        assertEquals("Printer on fire", mails[before].getSubject());
        assertEquals("ana@customer.test", mails[before].getAllRecipients()[0].toString());
        var logged = api.get("/api/v1/records/email_message?filter="
                + filter("related_id = '" + ticket.json().getString("id") + "'"));
        assertEquals(1, logged.json().getJsonArray("data").size(), logged.body());
        JsonObject log = logged.json().getJsonArray("data").getJsonObject(0);
        assertEquals("sent", log.getString("status"));
        assertEquals("ticket", log.getString("related_entity"));

        // running the job again (as after a crash between the send and the commit) sends nothing twice
        var jobs = api.get("/api/v1/jobs?status=done").json().getJsonArray("data");
        long jobId = jobs.stream()
                .map(o -> (JsonObject) o)
                .filter(j -> j.getString("kind").equals("workflow"))
                .findFirst()
                .orElseThrow()
                .getLong("id");
        h.platform()
                .blocking(() -> h.platform()
                        .pool()
                        .preparedQuery("UPDATE atrium.jobs SET status = 'pending', run_at = now() WHERE id = $1")
                        .execute(io.vertx.sqlclient.Tuple.of(jobId))
                        .await());
        h.drainJobs();
        assertEquals(
                before + 1,
                smtp.getReceivedMessages().length,
                "the retried job found the sent message and did not send again");

        // disable: the action stops working for this tenant; new deployments refuse it
        assertEquals(
                200,
                api.post("/api/v1/plugins/email-channel/disable", new JsonObject())
                        .status());
        api.post(
                "/api/v1/records/ticket",
                new JsonObject().put("subject", "Second").put("email", "bo@customer.test"));
        h.drainJobs();
        assertEquals(before + 1, smtp.getReceivedMessages().length, "a disabled plugin sends nothing");
        var failed = api.get("/api/v1/jobs?status=pending").json().getJsonArray("data");
        assertTrue(
                failed.stream()
                        .map(o -> (JsonObject) o)
                        .anyMatch(j -> String.valueOf(j.getString("lastError")).contains("not enabled")),
                failed.encode());

        // remove: unloaded and deleted; the API no longer lists it; the upload works again
        assertEquals(204, api.delete("/api/v1/plugins/email-channel").status());
        assertTrue(api.get("/api/v1/plugins").json().getJsonArray("data").isEmpty());
        assertFalse(Files.list(h.platform().pluginHost().config().dir())
                .anyMatch(p -> p.toString().endsWith(".jar")));
        var gone = api.post("/api/v1/plugins/email-channel/enable", new JsonObject());
        assertEquals(409, gone.status());
        assertTrue(gone.body().contains("not installed"), gone.body());
        assertEquals(201, api.upload(Jars.bytes("email-channel")).status());
        assertFalse(
                api.get("/api/v1/plugins/email-channel").json().getBoolean("enabled"),
                "a reinstalled plugin starts disabled for the tenant");
        assertEquals(204, api.delete("/api/v1/plugins/email-channel").status());
    }

    @Test
    void newCasesAreAcknowledgedByEmailThroughTheEventListener() throws Exception {
        var api = h.api();
        assertEquals(201, api.upload(Jars.bytes("email-channel")).status());
        h.deploy(
                new JsonObject()
                        .put("name", "contact")
                        .put(
                                "fields",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "first_name")
                                                .put("type", "text"))
                                        .add(new JsonObject()
                                                .put("name", "email")
                                                .put("type", "email"))),
                new JsonObject()
                        .put("name", "case")
                        .put(
                                "fields",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "number")
                                                .put("type", "autonumber")
                                                .put("prefix", "C-")
                                                .put("digits", 4))
                                        .add(new JsonObject()
                                                .put("name", "subject")
                                                .put("type", "text"))
                                        .add(new JsonObject()
                                                .put("name", "contact")
                                                .put("type", "lookup")
                                                .put("target", "contact"))));
        var on = api.post(
                "/api/v1/plugins/email-channel/enable",
                new JsonObject()
                        .put("grantAccess", true)
                        .put("settings", settings().put("case_ack", "true")));
        assertEquals(200, on.status(), on.body());
        int before = smtp.getReceivedMessages().length;
        String contact = api.post(
                        "/api/v1/records/contact",
                        new JsonObject().put("first_name", "Li").put("email", "li@customer.test"))
                .json()
                .getString("id");
        var created = api.post(
                "/api/v1/records/case",
                new JsonObject().put("subject", "Invoice wrong").put("contact", contact));
        assertEquals(201, created.status(), created.body());
        h.drainJobs();
        assertTrue(smtp.waitForIncomingEmail(5000, before + 1));
        MimeMessage last = smtp.getReceivedMessages()[before];
        assertTrue(
                last.getSubject().startsWith("[#C-")
                        && last.getSubject().endsWith("] We received your case: Invoice wrong"),
                last.getSubject());
        assertEquals("li@customer.test", last.getAllRecipients()[0].toString());
        var noContact = api.post("/api/v1/records/case", new JsonObject().put("subject", "Anonymous"));
        assertEquals(201, noContact.status());
        h.drainJobs();
        assertEquals(before + 1, smtp.getReceivedMessages().length, "a case without a contact gets no e-mail");
        assertNull(
                api.get("/api/v1/jobs?status=dead").json().getJsonArray("data").stream()
                        .map(o -> (JsonObject) o)
                        .filter(j -> j.getString("kind").equals("plugin"))
                        .findFirst()
                        .orElse(null),
                "no plugin job died");
        assertEquals(204, api.delete("/api/v1/plugins/email-channel").status());
    }

    private static JsonObject ticketWithWorkflow() {
        return new JsonObject()
                .put("name", "ticket")
                .put(
                        "fields",
                        new JsonArray()
                                .add(new JsonObject().put("name", "subject").put("type", "text"))
                                .add(new JsonObject().put("name", "email").put("type", "email")))
                .put(
                        "workflows",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "confirm")
                                        .put("on", new JsonArray().add("create"))
                                        .put(
                                                "actions",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put("type", "plugin")
                                                                .put("plugin", "email-channel/send-email")
                                                                .put(
                                                                        "values",
                                                                        new JsonObject()
                                                                                .put("to", "{{email}}")
                                                                                .put("subject", "{{subject}}")
                                                                                .put("body", "We are on it."))))));
    }
}
