package dev.atrium.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.types.FieldType;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.types.InvalidValueException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldTypesTest {
    private static final FieldTypeRegistry TYPES = FieldTypeRegistry.builtIn();

    private static FieldDef field(String json) {
        return MetadataReader.field(MetadataReader.parse(json));
    }

    @ParameterizedTest(name = "{0} rejects {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\":\"a\",\"type\":\"text\",\"maxLength\":3} | \"abcd\" | at most 3 characters",
                "{\"name\":\"a\",\"type\":\"email\"} | \"not-an-email\" | email address",
                "{\"name\":\"a\",\"type\":\"url\"} | \"javascript:alert(1)\" | http",
                "{\"name\":\"a\",\"type\":\"integer\",\"max\":10} | 11 | at most 10",
                "{\"name\":\"a\",\"type\":\"integer\"} | 1.5 | whole number",
                "{\"name\":\"a\",\"type\":\"decimal\",\"precision\":4,\"scale\":2} | 123.4 | digits before",
                "{\"name\":\"a\",\"type\":\"currency\"} | {\"amount\":1,\"currency\":\"euro\"} | ISO 4217",
                "{\"name\":\"a\",\"type\":\"date\"} | \"31/12/2024\" | 2024-12-31",
                "{\"name\":\"a\",\"type\":\"datetime\"} | \"2024-12-31T10:00\" | offset",
                "{\"name\":\"a\",\"type\":\"picklist\",\"values\":[{\"value\":\"x\"},{\"value\":\"old\","
                        + "\"active\":false}]} | \"old\" | no longer active",
                "{\"name\":\"a\",\"type\":\"multi_picklist\",\"values\":[{\"value\":\"x\"}]} | [\"x\",\"x\"] | twice",
                "{\"name\":\"a\",\"type\":\"lookup\",\"target\":\"b\"} | \"123\" | record id",
                "{\"name\":\"a\",\"type\":\"polymorphic_lookup\",\"targets\":[\"b\"]} | "
                        + "{\"entity\":\"c\",\"id\":\"00000000-0000-0000-0000-000000000000\"} | can point to",
                "{\"name\":\"a\",\"type\":\"boolean\"} | \"yes\" | true or false",
                "{\"name\":\"a\",\"type\":\"phone\"} | \"call me\" | phone number",
                "{\"name\":\"a\",\"type\":\"address\"} | {\"town\":\"Madrid\"} | has no part",
                "{\"name\":\"a\",\"type\":\"address\"} | \"Calle Mayor 1\" | must be an address",
            })
    void rejectsWithASentence(String fieldJson, String valueJson, String message) {
        FieldDef f = field(fieldJson);
        FieldType t = TYPES.require(f.type());
        Object value = MetadataReader.plain(MetadataReader.parse(valueJson));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> t.toColumns(f, value));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0} keeps {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\":\"a\",\"type\":\"text\"} | \"你好, мир\"",
                "{\"name\":\"a\",\"type\":\"currency\",\"currency\":\"EUR\"} | {\"amount\":12.5,\"currency\":\"CNY\"}",
                "{\"name\":\"a\",\"type\":\"date\"} | \"2024-02-29\"",
                "{\"name\":\"a\",\"type\":\"time\"} | \"09:30\"",
                "{\"name\":\"a\",\"type\":\"multi_picklist\",\"values\":[{\"value\":\"x\"},"
                        + "{\"value\":\"y\"}]} | [\"y\",\"x\"]",
                "{\"name\":\"a\",\"type\":\"polymorphic_lookup\",\"targets\":[\"b\"]} | "
                        + "{\"entity\":\"b\",\"id\":\"0191d2c4-0000-7000-8000-000000000001\"}",
                "{\"name\":\"a\",\"type\":\"boolean\"} | false",
                "{\"name\":\"a\",\"type\":\"integer\"} | 42",
            })
    void roundTrips(String fieldJson, String valueJson) throws InvalidValueException {
        FieldDef f = field(fieldJson);
        FieldType t = TYPES.require(f.type());
        Object value = MetadataReader.plain(MetadataReader.parse(valueJson));
        List<Object> cols = t.toColumns(f, value);
        Object back = t.fromColumns(f, cols);
        assertEquals(
                MetadataReader.parse(valueJson).toString().replace("12.5", "12.5"),
                MetadataReader.JSON.valueToTree(back).toString(),
                "value must survive the trip through its columns");
    }

    @org.junit.jupiter.api.Test
    void anAddressIsStoredInPartsAndAsOneLine() throws Exception {
        FieldDef f = field("{\"name\":\"billing\",\"type\":\"address\"}");
        FieldType t = TYPES.require("address");
        assertEquals(
                List.of(
                        "billing",
                        "billing__street",
                        "billing__city",
                        "billing__region",
                        "billing__postal_code",
                        "billing__country"),
                t.columns(f).stream().map(c -> c.name()).toList());
        Object value = MetadataReader.plain(
                MetadataReader.parse("{\"street\":\" Calle Mayor 1 \",\"city\":\"Madrid\",\"postal_code\":\"28013\","
                        + "\"country\":\"Spain\"}"));
        List<Object> columns = t.toColumns(f, value);
        assertEquals("Calle Mayor 1, 28013 Madrid, Spain", columns.get(0), "one line, empty parts left out");
        assertEquals(
                java.util.Map.of(
                        "street", "Calle Mayor 1",
                        "city", "Madrid",
                        "postal_code", "28013",
                        "country", "Spain",
                        "text", "Calle Mayor 1, 28013 Madrid, Spain"),
                t.fromColumns(f, columns));
        assertEquals(null, t.toColumns(f, java.util.Map.of()).get(0), "an empty address is no address");
    }
}
