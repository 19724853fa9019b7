package dev.atrium.plugins.email;

import dev.atrium.plugin.api.ConfigProperty;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.PluginException;
import dev.atrium.plugin.api.Records;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Sends one message over SMTP and logs it as an {@code email_message} record. The log entry is written
 * BEFORE sending (status {@code sending}) and marked {@code sent} after: a retry with the same
 * idempotency key finds a {@code sent} entry and sends nothing. Only a crash between the SMTP hand-off and
 * the status update can send twice (at least once, never silently lost).
 */
final class Mailer {
    static final List<ConfigProperty> SETTINGS = List.of(
            ConfigProperty.text("smtp_host", "SMTP server", "Host name of the outgoing mail server", true),
            ConfigProperty.text("smtp_port", "SMTP port", "587 for STARTTLS, 465 for TLS, 25 for plain", false)
                    .ofType(ConfigProperty.Type.NUMBER)
                    .withDefault("587"),
            ConfigProperty.text("smtp_user", "User name", "Leave empty when the server needs no login", false),
            ConfigProperty.secret("smtp_password", "Password", "Stored, never shown again", false),
            ConfigProperty.text("from", "From address", "The sender people see, e.g. support@example.com", true)
                    .ofType(ConfigProperty.Type.EMAIL),
            ConfigProperty.text("starttls", "Use STARTTLS", "Upgrade the connection to TLS (recommended)", false)
                    .ofType(ConfigProperty.Type.BOOLEAN)
                    .withDefault("true"),
            ConfigProperty.text("case_ack", "Acknowledge new cases", "E-mail the contact of every new case", false)
                    .ofType(ConfigProperty.Type.BOOLEAN)
                    .withDefault("false"));

    private Mailer() {}

    /** Sends unless a message with this key was sent already; returns the log record. */
    static Map<String, Object> send(
            PluginContext ctx,
            String to,
            String subject,
            String body,
            String relatedEntity,
            String relatedId,
            String key,
            boolean automatic) {
        if (to == null || to.isBlank()) throw new PluginException("the e-mail has no recipient (\"to\" is empty)");
        if (subject == null || subject.isBlank()) throw new PluginException("the e-mail has no subject");
        Records records = ctx.records();
        List<Map<String, Object>> earlier = records.list("email_message", "idempotency_key = " + quote(key), null, 1);
        Map<String, Object> log;
        if (!earlier.isEmpty()) {
            log = earlier.get(0);
            if ("sent".equals(log.get("status"))) return log;
        } else {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("subject", subject.length() > 500 ? subject.substring(0, 500) : subject);
            values.put("recipient", to.trim());
            values.put("body", body);
            values.put("status", "sending");
            values.put("direction", "outbound");
            values.put("related_entity", relatedEntity);
            values.put("related_id", relatedId);
            values.put("idempotency_key", key);
            log = records.create("email_message", values);
        }
        String messageId;
        try {
            messageId = transmit(ctx.settings(), to.trim(), subject, body == null ? "" : body, automatic);
        } catch (MessagingException e) {
            records.update("email_message", (String) log.get("id"), Map.of("status", "failed"));
            throw new PluginException("the SMTP server refused the message: " + e.getMessage(), e);
        }
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("status", "sent");
        done.put("sent_at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        done.put("message_id", messageId);
        Map<String, Object> sent = records.update("email_message", (String) log.get("id"), done);
        Timeline.log(
                ctx,
                relatedEntity,
                relatedId,
                subject,
                "To: " + to.trim() + "\n\n" + body,
                "outbound",
                java.time.Instant.now());
        return sent;
    }

    private static String transmit(Map<String, String> s, String to, String subject, String body, boolean automatic)
            throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", s.get("smtp_host"));
        p.put("mail.smtp.port", s.getOrDefault("smtp_port", "587"));
        p.put("mail.smtp.connectiontimeout", "5000");
        p.put("mail.smtp.timeout", "10000");
        p.put("mail.smtp.writetimeout", "10000");
        p.put("mail.smtp.starttls.enable", s.getOrDefault("starttls", "true"));
        String user = s.get("smtp_user");
        boolean auth = user != null && !user.isBlank();
        p.put("mail.smtp.auth", String.valueOf(auth));
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(s.get("from")));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        if (automatic) m.setHeader("Auto-Submitted", "auto-replied");
        m.saveChanges();
        if (auth) Transport.send(m, user, s.getOrDefault("smtp_password", ""));
        else Transport.send(m);
        return m.getMessageID();
    }

    /** A string literal of the filter language. */
    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
