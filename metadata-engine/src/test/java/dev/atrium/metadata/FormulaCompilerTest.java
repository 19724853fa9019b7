package dev.atrium.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.metadata.formula.FormulaException;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.query.FormulaCompiler;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormulaCompilerTest {
    private static final EntityDef ACCOUNT = MetadataReader.entity(MetadataReader.parse(
            "{\"id\":\"e1\",\"name\":\"account\",\"fields\":[{\"id\":\"f1\",\"name\":\"name\",\"type\":\"text\"}]}"));
    private static final EntityDef DEAL = MetadataReader.entity(MetadataReader.parse("""
            {"id":"e2","name":"deal","fields":[{"id":"f2","name":"name","type":"text"},{"id":"f3",\
            "name":"amount","type":"currency"},
             {"id":"f4","name":"probability","type":"percent"},{"id":"f5","name":"close_date","type":"date"},
             {"id":"f6","name":"account","type":"lookup","target":"account"},
             {"id":"f7","name":"weighted","type":"formula","returns":"currency","expression":"amount *\s\
            probability / 100"},
             {"id":"f8","name":"loop_a","type":"formula","returns":"number","expression":"loop_b + 1"},
             {"id":"f9","name":"loop_b","type":"formula","returns":"number","expression":"loop_a + 1"}]}"""));
    private static final FormulaCompiler COMPILER =
            new FormulaCompiler(FieldTypeRegistry.builtIn(), Map.of("account", ACCOUNT, "deal", DEAL)::get, "t_x");

    private static FormulaCompiler.Compiled compile(String expression, String returns) {
        FieldDef f = MetadataReader.field(
                MetadataReader.parse("{\"id\":\"fx\",\"name\":\"x\",\"type\":\"formula\",\"returns\":\"" + returns
                        + "\",\"expression\":" + MetadataReader.JSON.writeValueAsString(expression) + "}"));
        return COMPILER.compile(DEAL, f, "t");
    }

    @Test
    void arithmeticOnFieldsWithSafeDivision() {
        assertEquals(
                "(((t.\"amount\"::numeric * t.\"probability\"::numeric) / nullif(100::numeric, 0)))::numeric",
                compile("amount * probability / 100", "number").sql());
    }

    @Test
    void lookupPathsBecomeScalarSubqueries() {
        String sql = compile("name & ' @ ' & account.name", "text").sql();
        assertTrue(
                sql.contains("(SELECT f1.\"name\"::text FROM \"t_x\".\"account\" f1 WHERE f1.\"id\" = "
                        + "t.\"account\" AND f1.\"deleted_at\" IS NULL)"),
                sql);
    }

    @Test
    void formulasUseOtherFormulasAndRefuseCycles() {
        assertTrue(compile("weighted * 2", "number").sql().contains("nullif(100::numeric, 0)"));
        FormulaException e = assertThrows(FormulaException.class, () -> compile("loop_a", "number"));
        assertTrue(e.getMessage().contains("refers to itself"), e.getMessage());
    }

    @Test
    void textLiteralsAreEscaped() {
        String sql = compile("'it''s' & \"x'); drop table deal; --\"", "text").sql();
        assertTrue(sql.contains("'it''s'::text") && sql.contains("'x''); drop table deal; --'::text"), sql);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "amount + name               | number  | needs a number",
                "IF(amount > 1, 'a', 2)      | text    | mixes",
                "close_date - 'x'            | date    | needs a number",
                "nosuch * 2                  | number  | not a field",
                "name.x                      | text    | not a lookup",
                "ROUND(amount)               | number  | takes 2 arguments",
                "FOO(1)                      | number  | unknown function",
                "amount > 1                  | number  | gives true/false but the formula returns number",
                "(amount + 1                 | number  | expected",
                "amount +                    | number  | ends too early",
            })
    void typeAndSyntaxErrorsSayWhereAndWhat(String expression, String returns, String message) {
        FormulaException e = assertThrows(FormulaException.class, () -> compile(expression.trim(), returns.trim()));
        assertTrue(e.getMessage().contains(message.trim()), e.getMessage());
        assertTrue(e.getMessage().contains("at character"), e.getMessage());
    }

    @Test
    void datesAndConditions() {
        assertTrue(compile("IF(close_date < TODAY(), 'overdue', 'open')", "text")
                .sql()
                .contains("CASE WHEN (t.\"close_date\" < CURRENT_DATE)"));
        assertTrue(
                compile("close_date - TODAY()", "number").sql().contains("(t.\"close_date\" - CURRENT_DATE)::numeric"));
        assertTrue(
                compile("ADDDAYS(close_date, 30)", "date").sql().contains("(t.\"close_date\" + (30::numeric)::int)"));
    }
}
