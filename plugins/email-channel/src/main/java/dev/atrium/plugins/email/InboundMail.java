package dev.atrium.plugins.email;

import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.ConfigProperty;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.PluginException;
import dev.atrium.plugin.api.ScheduledJob;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.pf4j.Extension;

/**
 * E-mail to case and e-mail to lead: every minute, reads the unread messages of an IMAP mailbox (a shared
 * support address, or one that several addresses forward to) and hands each to {@link InboundRouter}.
 * A message is marked read only after it was filed, so a crash or an unreachable database leaves it for
 * the next run; one filed already is recognized by its Message-ID and not filed twice.
 */
@Extension
public final class InboundMail implements ScheduledJob {
    static final List<ConfigProperty> SETTINGS = List.of(
            ConfigProperty.text("imap_host", "IMAP server", "Incoming mail server; empty: no inbound e-mail", false),
            ConfigProperty.text("imap_port", "IMAP port", "993 for TLS, 143 for plain", false)
                    .ofType(ConfigProperty.Type.NUMBER)
                    .withDefault("993"),
            ConfigProperty.text("imap_tls", "IMAP over TLS", "Connect with TLS (port 993)", false)
                    .ofType(ConfigProperty.Type.BOOLEAN)
                    .withDefault("true"),
            ConfigProperty.text("imap_user", "Mailbox user", "The mailbox to read, e.g. support@example.com", false),
            ConfigProperty.secret("imap_password", "Mailbox password", "Stored, never shown again", false),
            ConfigProperty.text(
                            "inbound_routes",
                            "Addresses",
                            "Which object each address files into, e.g. {\"sales@example.com\": \"lead\"}",
                            false)
                    .ofType(ConfigProperty.Type.JSON)
                    .withDefault("{}"),
            ConfigProperty.text(
                            "inbound_default",
                            "Other addresses",
                            "What mail to any other address becomes: case, lead or none",
                            false)
                    .withDefault("case"));

    @Override
    public String id() {
        return "inbound-mail";
    }

    @Override
    public String cron() {
        return "* * * * *";
    }

    @Override
    public List<ConfigProperty> settings() {
        return SETTINGS;
    }

    @Override
    public List<AccessNeed> access() {
        return List.of(
                AccessNeed.of("case", "read", "create", "edit"),
                AccessNeed.of("lead", "read", "create", "edit"),
                AccessNeed.of("contact", "read"),
                AccessNeed.of("activity", "read", "create"),
                AccessNeed.of("email_message", "read", "create", "edit"));
    }

    @Override
    public void run(PluginContext context) throws Exception {
        Map<String, String> s = context.settings();
        String host = s.get("imap_host");
        if (host == null || host.isBlank()) return;
        InboundRouter router = new InboundRouter(context);
        boolean tls = !"false".equals(s.get("imap_tls"));
        Properties p = new Properties();
        String protocol = tls ? "imaps" : "imap";
        p.put("mail." + protocol + ".connectiontimeout", "5000");
        p.put("mail." + protocol + ".timeout", "10000");
        Store store = Session.getInstance(p).getStore(protocol);
        try {
            store.connect(
                    host,
                    Integer.parseInt(s.getOrDefault("imap_port", "993")),
                    s.get("imap_user"),
                    s.get("imap_password"));
        } catch (MessagingException e) {
            throw new PluginException("the IMAP server " + host + " refused the connection: " + e.getMessage(), e);
        }
        try (store) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            try {
                for (Message m : inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
                    router.file((MimeMessage) m);
                    m.setFlag(Flags.Flag.SEEN, true);
                }
            } finally {
                inbox.close(false);
            }
        }
    }
}
