package dev.atrium.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writers are shared by reads of the same entity version, fields and columns, and by nothing else. */
class RowWritersTest {
    private static final String DEAL = """
            {"name":"deal","fields":[{"name":"name","type":"text"},{"name":"amount","type":"decimal"},
              {"name":"stage","type":"text"}]}""";
    private static final List<String> SYSTEM =
            List.of("id", "version", "owner_id", "created_at", "created_by", "updated_at", "updated_by", "deleted_at");

    private static EntityDef deal() {
        return MetadataReader.entity(MetadataReader.parse(DEAL));
    }

    private static List<String> columns(List<FieldDef> fields) {
        List<String> out = new ArrayList<>(SYSTEM);
        for (FieldDef f : fields) out.add(f.name());
        return out;
    }

    @Test
    void aWriterIsBuiltOncePerEntityVersionFieldsAndColumns() {
        RowWriters writers = new RowWriters(FieldTypeRegistry.builtIn());
        EntityDef e = deal();
        List<FieldDef> all = e.fields();
        // a new list of the same field definitions (each read filters the caller's fields anew)
        RowWriter first = writers.of(e, new ArrayList<>(all), columns(all));
        assertSame(first, writers.of(e, new ArrayList<>(all), columns(all)));

        List<FieldDef> fewer = all.subList(0, 2);
        assertNotSame(first, writers.of(e, fewer, columns(fewer)), "a caller who sees fewer fields");
        List<String> sorted = columns(all);
        sorted.add("_s0");
        assertNotSame(first, writers.of(e, all, sorted), "other columns (a sort key)");
        EntityDef next = deal();
        assertNotSame(first, writers.of(next, next.fields(), columns(next.fields())), "a new entity version");
        assertEquals(4, writers.size());
    }

    @Test
    void theCacheStaysBounded() {
        RowWriters writers = new RowWriters(FieldTypeRegistry.builtIn());
        for (int i = 0; i < 2_000; i++) {
            EntityDef e = deal();
            writers.of(e, e.fields(), columns(e.fields()));
        }
        assertEquals(2_000 % 512, writers.size());
    }
}
