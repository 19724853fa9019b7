package dev.atrium.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.query.CompiledQuery;
import dev.atrium.metadata.query.FieldVisibility;
import dev.atrium.metadata.query.FilterException;
import dev.atrium.metadata.query.ListRequest;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryCompilerTest {
    private static final EntityDef ACCOUNT = MetadataReader.entity(MetadataReader.parse(
            "{\"id\":\"e1\",\"name\":\"account\",\"fields\":[{\"id\":\"f1\",\"name\":\"name\",\"type\":\"text\"}]}"));
    private static final EntityDef DEAL = MetadataReader.entity(
            MetadataReader.parse("{\"id\":\"e2\",\"name\":\"deal\",\"fields\":[{\"id\":\"f2\",\"name\":\"name\","
                    + "\"type\":\"text\"},{\"id\":\"f3\",\"name\":\"amount\",\"type\":\"currency\"},"
                    + "{\"id\":\"f4\",\"name\":\"stage\",\"type\":\"picklist\","
                    + "\"values\":[{\"value\":\"proposal\"},{\"value\":\"won\"}]},"
                    + "{\"id\":\"f5\",\"name\":\"close_date\",\"type\":\"date\"},{\"id\":\"f6\","
                    + "\"name\":\"account\",\"type\":\"lookup\",\"target\":\"account\"},"
                    + "{\"id\":\"f7\",\"name\":\"tags\",\"type\":\"multi_picklist\","
                    + "\"values\":[{\"value\":\"a\"},{\"value\":\"b\"}]}]}"));
    private static final MetadataSnapshot SNAP = MetadataSnapshot.of(1, List.of(ACCOUNT, DEAL));
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    private static CompiledQuery compile(String filter, String sort, String cursor) {
        return new QueryCompiler(FieldTypeRegistry.builtIn())
                .compile(
                        "t_x",
                        SNAP,
                        DEAL,
                        new ListRequest(filter, sort, null, 50, cursor, false),
                        FieldVisibility.ALL,
                        null,
                        TODAY);
    }

    @Test
    void compilesTheBenchmarkFilterToBoundParameters() {
        CompiledQuery q = compile("stage = 'proposal' and amount > 5000", "amount:desc", null);
        assertTrue(q.sql().contains("t.\"stage\" = $1 AND t.\"amount\" > $2"), q.sql());
        assertTrue(q.sql().contains("ORDER BY t.\"amount\" DESC, t.\"id\" ASC"), q.sql());
        assertEquals(List.of("proposal", new BigDecimal("5000"), 51L), q.params());
    }

    @Test
    void lookupPathsBecomeJoins() {
        CompiledQuery q = compile("account.name like 'Acme%'", null, null);
        assertTrue(q.sql().contains("LEFT JOIN \"t_x\".\"account\" j1 ON j1.\"id\" = t.\"account\""), q.sql());
        assertTrue(q.sql().contains("j1.\"name\" ILIKE $1"), q.sql());
    }

    @Test
    void relativeDatesBecomeRanges() {
        CompiledQuery q = compile("close_date = last_n_days:30", null, null);
        assertEquals(List.of(TODAY.minusDays(30), TODAY.plusDays(1), 51L), q.params());
    }

    @Test
    void aComparisonWithARelativeDateBindsOnlyTheBoundItUses() {
        CompiledQuery after = compile("close_date >= today", null, null);
        assertTrue(after.sql().contains("t.\"close_date\" >= $1"), after.sql());
        assertEquals(List.of(TODAY, 51L), after.params(), "every parameter is used: PostgreSQL refuses extra ones");
        CompiledQuery before = compile("close_date <= this_month", null, null);
        assertEquals(List.of(TODAY.withDayOfMonth(1).plusMonths(1), 51L), before.params());
    }

    @Test
    void valuesNeverReachTheSqlText() {
        String evil = "x'' or 1=1; drop table deal; --";
        CompiledQuery q = compile("name = '" + evil + "' or name in ('a', 'b')", null, null);
        assertFalse(q.sql().contains("drop table"), q.sql());
        assertEquals("x' or 1=1; drop table deal; --", q.params().get(0));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "name; drop table deal = 'x'",
                "\"name\" = 'x'",
                "nosuch = 1",
                "name = 'x' union select 1",
                "amount > 'lots'",
                "stage = 'propsal'",
                "name = ",
                "(name = 'a'",
                "account.nosuch = 'x'",
                "name is nul"
            })
    void rejectsBadFilters(String filter) {
        FilterException e = assertThrows(FilterException.class, () -> compile(filter, null, null));
        assertEquals("filter", e.parameter());
        assertFalse(e.getMessage().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"amount desc; drop table deal", "nosuch", "name,-amount,stage,close_date", "tags"})
    void rejectsBadSorts(String sort) {
        FilterException e = assertThrows(FilterException.class, () -> compile(null, sort, null));
        assertEquals("sort", e.parameter());
    }

    @Test
    void cursorFromAnotherSortIsRefused() {
        CompiledQuery q = compile(null, "name", null);
        String cursor = QueryCompiler.nextCursor(q, List.of("b"), java.util.UUID.randomUUID());
        assertTrue(compile(null, "name", cursor).sql().contains("t.\"name\" > $"));
        FilterException e = assertThrows(FilterException.class, () -> compile(null, "-amount", cursor));
        assertEquals("cursor", e.parameter());
        assertThrows(FilterException.class, () -> compile(null, "name", "not-a-cursor"));
    }

    @Test
    void deepNestingIsCapped() {
        String filter = "(".repeat(100) + "name = 'a'" + ")".repeat(100);
        assertThrows(FilterException.class, () -> compile(filter, null, null));
    }

    @Test
    void multiPicklistUsesArrayOperators() {
        CompiledQuery q = compile("tags = 'a' and tags in ('a', 'b')", null, null);
        assertTrue(q.sql().contains("$1 = ANY(t.\"tags\")") && q.sql().contains("t.\"tags\" && $2"), q.sql());
    }
}
