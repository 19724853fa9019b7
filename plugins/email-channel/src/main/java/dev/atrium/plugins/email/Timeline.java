package dev.atrium.plugins.email;

import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.PluginException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts an e-mail on a record's timeline as an {@code activity} of kind {@code email} (crm-core's
 * activities). A tenant without activities, or without access granted to them, still gets its e-mail: the
 * {@code email_message} log is the record of it, and the timeline entry is left out with a log line.
 */
final class Timeline {
    private Timeline() {}

    static void log(
            PluginContext ctx, String entity, String id, String subject, String text, String direction, Instant at) {
        if (entity == null || id == null || entity.equals("activity")) return;
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("subject", cut(subject == null || subject.isBlank() ? "(no subject)" : subject, 250));
        a.put("kind", "email");
        a.put("direction", direction);
        a.put("related_to", Map.of("entity", entity, "id", id));
        a.put("starts_at", at.toString());
        a.put("notes", cut(text == null ? "" : text, MailParts.MAX_TEXT));
        a.put("done", true);
        try {
            ctx.records().create("activity", a);
        } catch (PluginException e) {
            ctx.log().log(
                    System.Logger.Level.INFO,
                    "e-mail not put on the timeline of {0} {1}: {2}",
                    entity,
                    id,
                    e.getMessage());
        }
    }

    static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
