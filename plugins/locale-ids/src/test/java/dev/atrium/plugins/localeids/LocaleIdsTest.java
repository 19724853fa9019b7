package dev.atrium.plugins.localeids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.plugin.api.RecordRejected;
import dev.atrium.plugin.api.RecordTrigger;
import dev.atrium.plugin.testkit.ExtensionContracts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocaleIdsTest {

    @Test
    void chinaCreditCodesCheckTheirCheckCharacter() {
        ExtensionContracts.checkFieldType(
                new IdTypes.ChinaCreditCode(),
                List.of("91350100M000100Y43", "91110000802100433B", " 9135 0100-M000100y43 "),
                List.of("91350100M000100Y44", "9135010", "91350100M000100I43"));
    }

    @Test
    void chinaMobilesNormalizeToPlus86() {
        var t = new IdTypes.ChinaMobile();
        ExtensionContracts.checkFieldType(
                t,
                List.of("13812345678", "+86 138 1234 5678", "0086-15912345678"),
                List.of("12812345678", "1381234567", "+1 415 555 0100"));
        assertEquals("+8613812345678", t.normalize("138-1234-5678"));
        assertEquals("+86 138 1234 5678", t.format("+8613812345678", java.util.Locale.ENGLISH));
    }

    @Test
    void spanishNifNieAndCif() {
        ExtensionContracts.checkFieldType(
                new IdTypes.SpainTaxId(),
                List.of("12345678Z", "x1234567l", "A58818501", "B12345674", "G1234567D", "G12345674", "12.345.678-Z"),
                List.of("12345678A", "X1234567A", "A58818502", "B1234567D", "Q1234567A", "1234"));
    }

    @Test
    void russianInnOfOrganisationsAndPeople() {
        ExtensionContracts.checkFieldType(
                new IdTypes.RussiaInn(),
                List.of("7707083893", "500100732259", "7707 083 893"),
                List.of("7707083894", "500100732258", "77070838", "abcdefghij"));
    }

    @Test
    void theRuleFunctionChecksByKind() {
        assertEquals(true, ExtensionContracts.checkFunction(new ValidIdFunction(), List.of("ru_inn", "7707083893")));
        assertEquals(false, new ValidIdFunction().call(List.of("es_nif", "12345678A")));
        assertEquals(false, new ValidIdFunction().call(java.util.Arrays.asList("es_nif", null)));
        assertThrows(IllegalArgumentException.class, () -> new ValidIdFunction().call(List.of("xx", "1")));
    }

    @Test
    void theAccountTriggerChecksTheTaxIdOfTheAccountsCountry() {
        var trigger = new AccountTaxIdTrigger();
        ExtensionContracts.checkCommon(trigger);
        Map<String, Object> spanish =
                new HashMap<>(Map.of("name", "Iberia SL", "country", "ES", "tax_id", "b-1234567-4"));
        trigger.beforeSave(new RecordTrigger.Change("account", "create", spanish, null), null);
        assertEquals("B12345674", spanish.get("tax_id"), "stored normalized");

        Map<String, Object> bad =
                new HashMap<>(Map.of("name", "Roga i Kopyta", "country", "Russia", "tax_id", "7707083894"));
        RecordRejected e = assertThrows(
                RecordRejected.class,
                () -> trigger.beforeSave(new RecordTrigger.Change("account", "create", bad, null), null));
        assertEquals("tax_id", e.field());
        assertTrue(e.getMessage().contains("INN (Russia)") && e.getMessage().contains("expected 3"), e.getMessage());

        Map<String, Object> elsewhere = new HashMap<>(Map.of("name", "Acme", "country", "US", "tax_id", "whatever"));
        trigger.beforeSave(new RecordTrigger.Change("account", "create", elsewhere, null), null);
        assertEquals("whatever", elsewhere.get("tax_id"));

        Map<String, Object> countryOnlyChanged = new HashMap<>(Map.of("country", "CN"));
        assertThrows(
                RecordRejected.class,
                () -> trigger.beforeSave(
                        new RecordTrigger.Change(
                                "account",
                                "update",
                                countryOnlyChanged,
                                Map.of("tax_id", "12345678Z", "country", "ES")),
                        null),
                "changing the country re-checks the stored tax id");
    }
}
