package dev.atrium.plugins.email;

import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.EventListener;
import dev.atrium.plugin.api.PluginContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/**
 * When a case is created and the setting {@code case_ack} is on, e-mails its contact that the case was
 * received, with its number in the subject as {@code [#CS-0042]} so that replies join the case. It is
 * marked {@code Auto-Submitted: auto-replied}, so that other robots do not answer it. Cases without a
 * contact or a contact without an e-mail are skipped.
 */
@Extension
public final class CaseAcknowledgement implements EventListener {
    @Override
    public String id() {
        return "case-acknowledgement";
    }

    @Override
    public Set<String> events() {
        return Set.of("record.created");
    }

    @Override
    public Set<String> entities() {
        return Set.of("case");
    }

    @Override
    public List<AccessNeed> access() {
        return List.of(
                AccessNeed.of("case", "read"),
                AccessNeed.of("contact", "read"),
                AccessNeed.of("activity", "read", "create"),
                AccessNeed.of("email_message", "read", "create", "edit"));
    }

    @Override
    public void onEvent(Event event, PluginContext context) {
        if (!"true".equals(context.settings().get("case_ack"))) return;
        Object contactRef = event.data().get("contact");
        String contactId = contactRef instanceof Map<?, ?> m
                ? String.valueOf(m.get("id"))
                : contactRef == null ? null : String.valueOf(contactRef);
        if (contactId == null) return;
        Map<String, Object> contact = context.records().get("contact", contactId);
        if (contact == null || contact.get("email") == null) return;
        send(context, event.recordId(), event.data(), String.valueOf(contact.get("email")), contact.get("first_name"));
    }

    /**
     * Acknowledges one case to {@code to}; also used for cases opened by e-mail, which the plugin creates
     * itself (a plugin is not sent the events of its own writes).
     */
    static void send(PluginContext context, String caseId, Map<String, Object> data, String to, Object name) {
        Object number = data.getOrDefault("number", "");
        // the token threads the customer's replies onto this case (InboundRouter)
        String subject = "[#" + number + "] We received your case: " + data.getOrDefault("subject", "");
        String body = "Hello" + (name == null ? "" : " " + name) + ",\n\nthank you for contacting us. Your case "
                + number + " is registered and we will get back to you soon.\n";
        Mailer.send(context, to, subject, body, "case", caseId, "case-ack-" + caseId, true);
    }
}
