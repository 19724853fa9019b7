package dev.atrium.plugins.email;

import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.ConfigProperty;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.WorkflowAction;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Workflow action {@code email-channel/send-email}: {@code values} are {@code to}, {@code subject} and
 * {@code body}, each may be {@code "{{field}}"} of the triggering record. The message is logged on the
 * record's timeline as an {@code email_message}.
 */
@Extension
public final class SendEmailAction implements WorkflowAction {
    @Override
    public String id() {
        return "send-email";
    }

    @Override
    public String label() {
        return "Send an e-mail";
    }

    @Override
    public List<ConfigProperty> settings() {
        return Mailer.SETTINGS;
    }

    @Override
    public List<AccessNeed> access() {
        return List.of(AccessNeed.of("email_message", "read", "create", "edit"), AccessNeed.of("activity", "create"));
    }

    @Override
    public Map<String, Object> execute(Call call, PluginContext context) {
        Map<String, Object> p = call.params();
        Map<String, Object> log = Mailer.send(
                context,
                str(p.get("to")),
                str(p.get("subject")),
                str(p.get("body")),
                call.entity(),
                str(call.record().get("id")),
                call.idempotencyKey(),
                false);
        return Map.of("email_message", log.get("id"), "status", log.get("status"));
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
