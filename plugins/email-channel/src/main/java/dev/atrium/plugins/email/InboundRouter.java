package dev.atrium.plugins.email;

import dev.atrium.plugin.api.JsonText;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.PluginException;
import dev.atrium.plugin.api.Records;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files one received message. A reply joins the record it answers, found by the case token in the
 * subject ({@code [#CS-0042]}) or by the Message-IDs in its {@code In-Reply-To} and {@code References}
 * headers; anything else becomes a new case or lead, as its address is routed. The sender is matched to a
 * contact (a case gets the contact and the contact's account). The text goes on the record's timeline,
 * the files onto its Attachments. Automatic replies never open a record (no reply loops); a bounce marks
 * the message it returns as {@code bounced}. Each message is logged once as an {@code email_message},
 * keyed by its Message-ID, so reading it again files nothing twice.
 */
final class InboundRouter {
    private static final Pattern TOKEN = Pattern.compile("\\[#([A-Za-z0-9][A-Za-z0-9_-]{0,39})]");
    private final PluginContext ctx;
    private final Records records;
    private final Map<String, String> routes = new LinkedHashMap<>();
    private final String fallback;

    /** A record an e-mail is filed on. */
    record Target(String entity, String id) {}

    InboundRouter(PluginContext ctx) {
        this.ctx = ctx;
        this.records = ctx.records();
        Object parsed;
        try {
            parsed = JsonText.parse(ctx.settings().getOrDefault("inbound_routes", "{}"));
        } catch (RuntimeException e) {
            throw new PluginException("the setting inbound_routes is not JSON: " + e.getMessage());
        }
        if (parsed instanceof Map<?, ?> m)
            m.forEach((k, v) -> routes.put(String.valueOf(k).toLowerCase(Locale.ROOT), String.valueOf(v)));
        this.fallback = ctx.settings().getOrDefault("inbound_default", "case");
    }

    void file(MimeMessage message) throws MessagingException, IOException {
        MailParts mail = MailParts.of(message);
        String key = key(message, mail);
        List<Map<String, Object>> earlier =
                records.list("email_message", "idempotency_key = " + Mailer.quote(key), null, 1);
        if (!earlier.isEmpty() && earlier.get(0).get("related_id") != null) return;
        Map<String, Object> log =
                earlier.isEmpty() ? records.create("email_message", logEntry(mail, key)) : earlier.get(0);
        boolean[] opened = {false};
        Target target = switch (mail.kind()) {
            case BOUNCE -> bounce(mail);
            case AUTO_REPLY -> thread(mail);
            case MESSAGE -> {
                Target t = thread(mail);
                opened[0] = t == null;
                yield t != null ? t : open(mail);
            }
        };
        if (target == null) return;
        // filed: from here on a second reading skips the message (the timeline and files are best effort)
        records.update(
                "email_message",
                (String) log.get("id"),
                Map.of("related_entity", target.entity(), "related_id", target.id()));
        if (mail.kind() == MailParts.Kind.BOUNCE) return;
        String subject =
                mail.kind() == MailParts.Kind.AUTO_REPLY ? "Automatic reply: " + mail.subject() : mail.subject();
        Timeline.log(ctx, target.entity(), target.id(), subject, from(mail) + mail.text(), "inbound", mail.sent());
        for (MailParts.Attachment a : mail.attachments()) attach(target, a);
        if (opened[0]
                && target.entity().equals("case")
                && "true".equals(ctx.settings().get("case_ack"))) acknowledge(target, mail);
    }

    private void acknowledge(Target kase, MailParts mail) {
        if (mail.fromAddress() == null) return;
        Map<String, Object> c = records.get("case", kase.id());
        Map<String, Object> contact = contact(mail.fromAddress());
        Object name = contact != null ? contact.get("first_name") : mail.fromName();
        try {
            CaseAcknowledgement.send(ctx, kase.id(), c, mail.fromAddress(), name);
        } catch (PluginException e) {
            ctx.log().log(System.Logger.Level.WARNING, "case {0} not acknowledged: {1}", kase.id(), e.getMessage());
        }
    }

    private Map<String, Object> logEntry(MailParts mail, String key) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("subject", Timeline.cut(mail.subject().isBlank() ? "(no subject)" : mail.subject(), 500));
        v.put(
                "recipient",
                mail.to().isEmpty()
                        ? ctx.settings().get("imap_user")
                        : mail.to().get(0));
        v.put("sender", mail.fromAddress());
        v.put("body", mail.text());
        v.put("direction", "inbound");
        v.put(
                "status",
                switch (mail.kind()) {
                    case BOUNCE -> "bounced";
                    case AUTO_REPLY -> "auto_reply";
                    case MESSAGE -> "received";
                });
        v.put("sent_at", mail.sent().toString());
        v.put("message_id", mail.messageId() == null ? null : Timeline.cut(mail.messageId(), 300));
        v.put("idempotency_key", key);
        return v;
    }

    /** The record this message answers, or null. */
    private Target thread(MailParts mail) {
        Matcher token = TOKEN.matcher(mail.subject());
        while (token.find()) {
            Target t = first("case", "number = " + Mailer.quote(token.group(1)));
            if (t != null) return t;
        }
        for (String id : mail.answers()) {
            List<Map<String, Object>> sent = records.list(
                    "email_message", "message_id = " + Mailer.quote(id) + " and related_id is not null", null, 1);
            if (sent.isEmpty()) continue;
            String entity = (String) sent.get(0).get("related_entity");
            String recordId = (String) sent.get(0).get("related_id");
            if (records.get(entity, recordId) != null) return new Target(entity, recordId);
        }
        return null;
    }

    /** A bounce marks the returned messages and is filed where they were. */
    private Target bounce(MailParts mail) {
        Target where = null;
        for (String id : mail.bounced()) {
            for (Map<String, Object> m : records.list(
                    "email_message", "message_id = " + Mailer.quote(id) + " and direction != 'inbound'", null, 5)) {
                records.update("email_message", (String) m.get("id"), Map.of("status", "bounced"));
                if (where == null && m.get("related_id") != null)
                    where = new Target((String) m.get("related_entity"), (String) m.get("related_id"));
            }
        }
        return where;
    }

    /** A new case or lead, as the address it was sent to is routed. */
    private Target open(MailParts mail) {
        String kind = fallback;
        for (String to : mail.to()) {
            if (routes.containsKey(to)) {
                kind = routes.get(to);
                break;
            }
        }
        Map<String, Object> contact = contact(mail.fromAddress());
        Map<String, Object> v = new LinkedHashMap<>();
        switch (kind) {
            case "case" -> {
                v.put("subject", Timeline.cut(mail.subject().isBlank() ? "(no subject)" : mail.subject(), 250));
                v.put("description", from(mail) + mail.text());
                if (contact != null) {
                    v.put("contact", contact.get("id"));
                    Object account = contact.get("account");
                    if (account instanceof Map<?, ?> ref) account = ref.get("id");
                    if (account != null) v.put("account", account);
                }
            }
            case "lead" -> {
                Target known = first(
                        "lead",
                        "email like " + Mailer.quote(like(mail.fromAddress()))
                                + " and not (status in ('converted', 'unqualified'))");
                if (known != null) return known;
                v.put("name", Timeline.cut(mail.fromName() != null ? mail.fromName() : mail.fromAddress(), 200));
                v.put("email", mail.fromAddress());
            }
            default -> {
                return null;
            }
        }
        return new Target(kind, (String) records.create(kind, v).get("id"));
    }

    private Map<String, Object> contact(String address) {
        if (address == null) return null;
        try {
            for (Map<String, Object> c : records.list("contact", "email like " + Mailer.quote(like(address)), null, 5))
                if (address.equalsIgnoreCase(String.valueOf(c.get("email")))) return c;
        } catch (PluginException noContacts) {
            ctx.log().log(System.Logger.Level.DEBUG, "no contact lookup: {0}", noContacts.getMessage());
        }
        return null;
    }

    private void attach(Target t, MailParts.Attachment a) {
        try {
            records.attach(t.entity(), t.id(), a.name(), a.content());
        } catch (PluginException refused) {
            ctx.log().log(
                    System.Logger.Level.WARNING,
                    "the file {0} of an e-mail was not attached to {1} {2}: {3}",
                    a.name(),
                    t.entity(),
                    t.id(),
                    refused.getMessage());
        }
    }

    private Target first(String entity, String filter) {
        try {
            List<Map<String, Object>> found = records.list(entity, filter, null, 1);
            return found.isEmpty()
                    ? null
                    : new Target(entity, (String) found.get(0).get("id"));
        } catch (PluginException noSuchEntity) {
            return null;
        }
    }

    private static String from(MailParts mail) {
        if (mail.fromAddress() == null) return "";
        String who = mail.fromName() == null ? mail.fromAddress() : mail.fromName() + " <" + mail.fromAddress() + ">";
        return "From: " + who + "\n\n";
    }

    /** A like pattern matching exactly this text ({@code _} and {@code %} are rare in addresses; checked after). */
    private static String like(String s) {
        return s == null ? "" : s.replace('%', '_');
    }

    /** The log key: the Message-ID, or a digest of the headers when a message has none. */
    private static String key(MimeMessage m, MailParts mail) throws MessagingException {
        String id = mail.messageId();
        if (id == null || id.length() > 180) {
            StringBuilder h = new StringBuilder(id == null ? "" : id);
            for (String name : List.of("From", "Date", "Subject", "To"))
                h.append('\n').append(m.getHeader(name, ","));
            id = sha256(h.toString());
        }
        return "in:" + id;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
