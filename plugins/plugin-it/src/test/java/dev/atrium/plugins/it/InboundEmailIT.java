package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.atrium.plugin.testkit.PluginHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * E-mail to case and to lead against a real mail server (GreenMail, SMTP and IMAP): a new message opens a
 * case for the matched contact with its file attached and an acknowledgement carrying the case token;
 * three replies (by the token, by In-Reply-To, by References with an HTML-only body) join that case; an
 * out-of-office reply opens nothing; a bounce marks the acknowledgement bounced; mail to the sales address
 * opens one lead per sender; reading the whole mailbox again files nothing twice.
 */
class InboundEmailIT {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static PluginHarness h;
    static GreenMail mail;
    static GreenMailUser support;

    @BeforeAll
    static void start() {
        mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.start();
        support = mail.setUser("support@acme.test", "support@acme.test", "imap-secret");
        h = PluginHarness.start();
    }

    @AfterAll
    static void stop() {
        h.close();
        mail.stop();
    }

    @Test
    void emailToCaseThreadsRepliesAndEmailToLeadOpensOneLeadPerSender() throws Exception {
        var api = h.api();
        assertEquals(201, api.upload(Jars.bytes("email-channel")).status());
        deployCrm();
        String acme = api.post("/api/v1/records/account", new JsonObject().put("name", "Acme Customer"))
                .json()
                .getString("id");
        String li = api.post(
                        "/api/v1/records/contact",
                        new JsonObject()
                                .put("last_name", "Li")
                                .put("email", "li@customer.test")
                                .put("account", acme))
                .json()
                .getString("id");
        var on = api.post(
                "/api/v1/plugins/email-channel/enable",
                new JsonObject().put("grantAccess", true).put("settings", settings()));
        assertEquals(200, on.status(), on.body());

        // a new message with a file: a case for the contact, the file attached, an acknowledgement with the token
        MimeMessage first = message("Li Wei <li@customer.test>", "support@acme.test", "Printer on fire");
        MimeMultipart parts = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Smoke is coming out of it.", "UTF-8");
        MimeBodyPart photo = new MimeBodyPart();
        photo.setContent(PNG, "application/octet-stream");
        photo.setFileName("photo.png");
        parts.addBodyPart(text);
        parts.addBodyPart(photo);
        first.setContent(parts);
        deliver(first);
        int sentBefore = mail.getReceivedMessagesForDomain("customer.test").length;
        int all = mail.getReceivedMessages().length;
        poll();
        assertTrue(mail.waitForIncomingEmail(10_000, all + 1), "the acknowledgement arrives");
        JsonArray cases = records("case", null);
        assertEquals(1, cases.size(), cases.encode());
        JsonObject kase = cases.getJsonObject(0);
        String caseId = kase.getString("id");
        assertEquals("Printer on fire", kase.getString("subject"));
        assertEquals(li, ref(kase.getValue("contact")), "the sender is matched to the contact");
        assertEquals(acme, ref(kase.getValue("account")), "and the case gets the contact's account");
        assertTrue(kase.getString("description").contains("Smoke is coming out of it."));
        JsonArray files = api.get("/api/v1/records/case/" + caseId + "/attachments")
                .json()
                .getJsonArray("data");
        assertEquals(1, files.size(), files.encode());
        assertEquals("photo.png", files.getJsonObject(0).getString("name"));
        assertEquals("image/png", files.getJsonObject(0).getString("contentType"), "the type read from the bytes");
        MimeMessage[] toCustomer = mail.getReceivedMessagesForDomain("customer.test");
        assertEquals(sentBefore + 1, toCustomer.length, "one acknowledgement");
        MimeMessage ack = toCustomer[toCustomer.length - 1];
        String number = kase.getString("number");
        assertEquals("[#" + number + "] We received your case: Printer on fire", ack.getSubject());
        assertEquals("auto-replied", ack.getHeader("Auto-Submitted", null));

        // three replies join the case: by the token, by In-Reply-To, by References (with HTML only)
        deliver(message("li@customer.test", "support@acme.test", "RE: " + ack.getSubject(), "Still burning."));
        MimeMessage byHeader = message("Sam <sam@customer.test>", "support@acme.test", "the printer", "Me too.");
        byHeader.setHeader("In-Reply-To", ack.getMessageID());
        deliver(byHeader);
        MimeMessage html = message("li@customer.test", "support@acme.test", "one more thing");
        html.setContent(
                "<html><head><style>p{}</style></head><body><p>Fixed &amp; thanks</p></body></html>",
                "text/html; charset=UTF-8");
        html.setHeader("References", "<unknown@elsewhere.test> " + ack.getMessageID());
        deliver(html);
        poll();
        assertEquals(1, records("case", null).size(), "no new case for a reply");
        List<JsonObject> inbound = timeline(caseId, "inbound");
        assertEquals(4, inbound.size(), "the first message and its three replies");
        assertTrue(inbound.stream().anyMatch(a -> a.getString("notes").contains("Fixed & thanks")), "HTML as text");
        assertTrue(inbound.stream().anyMatch(a -> a.getString("notes").contains("Sam <sam@customer.test>")));
        assertEquals(1, timeline(caseId, "outbound").size(), "the acknowledgement is on the timeline too");

        // an out-of-office reply and a bounce open nothing
        MimeMessage away = message("li@customer.test", "support@acme.test", "Out of office: back Monday", "Away.");
        away.setHeader("Auto-Submitted", "auto-replied");
        away.setHeader("In-Reply-To", ack.getMessageID());
        deliver(away);
        MimeMessage stranger = message("bot@robots.test", "support@acme.test", "Automatic reply: hello", "Noted.");
        deliver(stranger);
        deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bounce(ack))));
        poll();
        assertEquals(1, records("case", null).size(), "automatic mail opens no case");
        assertTrue(timeline(caseId, "inbound").stream()
                .anyMatch(a -> a.getString("subject").equals("Automatic reply: Out of office: back Monday")));
        JsonObject ackLog = records("email_message", "message_id = '" + ack.getMessageID() + "'")
                .getJsonObject(0);
        assertEquals("bounced", ackLog.getString("status"), "the bounce marks the message it returns");
        assertEquals(
                1,
                records("email_message", "status = 'auto_reply' and related_id is not null")
                        .size());
        assertEquals(2, records("email_message", "status = 'auto_reply'").size());
        assertEquals(mail.getReceivedMessagesForDomain("customer.test").length, toCustomer.length, "nothing answered");

        // mail to the sales address: one lead per sender
        deliver(message("Ana Gómez <ana@prospect.test>", "sales@acme.test", "Pricing for 40 seats", "Hello!"));
        poll();
        deliver(message("ana@prospect.test", "sales@acme.test", "And a demo?", "Could we meet?"));
        poll();
        JsonArray leads = records("lead", null);
        assertEquals(1, leads.size(), leads.encode());
        assertEquals("Ana Gómez", leads.getJsonObject(0).getString("name"));
        assertEquals(
                2, timeline(leads.getJsonObject(0).getString("id"), "inbound").size());

        // every message read again: nothing is filed twice
        int logged = records("email_message", null).size();
        markAllUnread();
        poll();
        assertEquals(1, records("case", null).size());
        assertEquals(1, records("lead", null).size());
        assertEquals(logged, records("email_message", null).size());
        assertEquals(5, timeline(caseId, "inbound").size(), "four messages and the automatic reply, once each");
        assertEquals(
                1,
                api.get("/api/v1/records/case/" + caseId + "/attachments")
                        .json()
                        .getJsonArray("data")
                        .size());
    }

    private static JsonObject settings() {
        return new JsonObject()
                .put("smtp_host", "127.0.0.1")
                .put("smtp_port", String.valueOf(mail.getSmtp().getPort()))
                .put("from", "support@acme.test")
                .put("starttls", "false")
                .put("case_ack", "true")
                .put("imap_host", "127.0.0.1")
                .put("imap_port", String.valueOf(mail.getImap().getPort()))
                .put("imap_tls", "false")
                .put("imap_user", "support@acme.test")
                .put("imap_password", "imap-secret")
                .put("inbound_routes", "{\"sales@acme.test\": \"lead\"}");
    }

    /** Runs the mailbox job now, as the plugin manager's "run now" does, and the jobs it leads to. */
    private static void poll() {
        var run = h.api().post("/api/v1/plugins/email-channel/jobs/inbound-mail/run", new JsonObject());
        assertEquals(202, run.status(), run.body());
        h.drainJobs();
        assertEquals(
                0,
                h.api()
                        .get("/api/v1/jobs?status=dead")
                        .json()
                        .getJsonArray("data")
                        .size(),
                h.api().get("/api/v1/jobs?status=dead").body());
    }

    /** Into the support mailbox, as a catch-all or a forwarding address would put it. */
    private static void deliver(MimeMessage m) throws Exception {
        m.saveChanges();
        support.deliver(m);
    }

    private static MimeMessage message(String from, String to, String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new java.util.Date());
        return m;
    }

    private static MimeMessage message(String from, String to, String subject, String text) throws Exception {
        MimeMessage m = message(from, to, subject);
        m.setText(text, "UTF-8");
        return m;
    }

    /** A delivery status notification as a mail server sends it, returning {@code original}. */
    private static byte[] bounce(MimeMessage original) throws Exception {
        String raw = """
                From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>
                To: support@acme.test
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <bounce-1@mx.customer.test>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain

                The mail system could not deliver your message.
                --b1
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.customer.test
                Final-Recipient: rfc822; li@customer.test
                Action: failed
                Status: 5.1.1
                --b1
                Content-Type: text/rfc822-headers

                From: support@acme.test
                Message-ID: %s
                Subject: %s
                --b1--
                """.formatted(original.getMessageID(), original.getSubject());
        return raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void markAllUnread() throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", mail.getImap().getPort(), "support@acme.test", "imap-secret");
        try (store) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.setFlags(inbox.getMessages(), new Flags(Flags.Flag.SEEN), false);
            inbox.close(false);
        }
    }

    private static JsonArray records(String entity, String filter) {
        String q = filter == null ? "" : "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
        var r = h.api().get("/api/v1/records/" + entity + "?limit=200" + q);
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("data");
    }

    private static List<JsonObject> timeline(String recordId, String direction) {
        return records("activity", "direction = '" + direction + "'").stream()
                .map(o -> (JsonObject) o)
                .filter(a -> recordId.equals(ref(a.getValue("related_to"))))
                .toList();
    }

    private static String ref(Object value) {
        return value instanceof JsonObject o ? o.getString("id") : (String) value;
    }

    private static void deployCrm() {
        h.deploy(
                new JsonObject("""
                        {"name": "account", "fields": [{"name": "name", "type": "text", "required": true}]}"""),
                new JsonObject("""
                        {"name": "contact", "titleField": "last_name", "fields": [
                          {"name": "last_name", "type": "text", "required": true},
                          {"name": "email", "type": "email"},
                          {"name": "account", "type": "lookup", "target": "account"}]}"""),
                new JsonObject("""
                        {"name": "case", "titleField": "subject", "fields": [
                          {"name": "number", "type": "autonumber", "prefix": "C-", "digits": 4},
                          {"name": "subject", "type": "text", "required": true},
                          {"name": "description", "type": "long_text"},
                          {"name": "contact", "type": "lookup", "target": "contact"},
                          {"name": "account", "type": "lookup", "target": "account"}]}"""),
                new JsonObject("""
                        {"name": "lead", "fields": [
                          {"name": "name", "type": "text", "required": true},
                          {"name": "email", "type": "email"},
                          {"name": "status", "type": "picklist", "default": "new",
                           "values": [{"value": "new"}, {"value": "converted"}, {"value": "unqualified"}]}]}"""),
                new JsonObject("""
                        {"name": "activity", "titleField": "subject", "fields": [
                          {"name": "subject", "type": "text", "required": true},
                          {"name": "kind", "type": "picklist", "values": [{"value": "email"}, {"value": "call"}]},
                          {"name": "direction", "type": "picklist",
                           "values": [{"value": "inbound"}, {"value": "outbound"}]},
                          {"name": "related_to", "type": "polymorphic_lookup", "targets": ["case", "lead"]},
                          {"name": "starts_at", "type": "datetime"},
                          {"name": "notes", "type": "long_text"},
                          {"name": "done", "type": "boolean"}]}"""));
    }
}
