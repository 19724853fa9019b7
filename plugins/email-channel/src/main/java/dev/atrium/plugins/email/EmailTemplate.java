package dev.atrium.plugins.email;

import dev.atrium.plugin.api.TemplateContribution;
import java.util.List;
import org.pf4j.Extension;

/** The {@code email_message} object the channel logs to. */
@Extension
public final class EmailTemplate implements TemplateContribution {
    @Override
    public String id() {
        return "email-objects";
    }

    @Override
    public List<String> entityFiles() {
        return List.of("/metadata/email_message.json");
    }
}
