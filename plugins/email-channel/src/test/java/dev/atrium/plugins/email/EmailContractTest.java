package dev.atrium.plugins.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.plugin.testkit.ExtensionContracts;
import org.junit.jupiter.api.Test;

class EmailContractTest {
    @Test
    void extensionsKeepTheirContracts() {
        ExtensionContracts.checkCommon(new SendEmailAction());
        ExtensionContracts.checkCommon(new CaseAcknowledgement());
        ExtensionContracts.checkTemplate(new EmailTemplate());
        assertTrue(
                new SendEmailAction().settings().stream().anyMatch(p -> p.name().equals("smtp_password") && p.secret()),
                "the password is a secret");
    }

    @Test
    void filterLiteralsEscapeQuotes() {
        assertEquals("'it''s'", Mailer.quote("it's"));
    }
}
