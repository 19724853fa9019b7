package dev.atrium.metadata.query;

import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.types.ColumnKind;
import java.util.List;

/**
 * Parameterized SQL for one list page (fetches {@code limit + 1} rows to know if there is a next page)
 * and for its total count. Values are only ever in {@code params}, never in the SQL text.
 *
 * @param fields the entity fields selected (their columns are selected under their own names)
 * @param sortKeys sort expressions, selected as {@code _s0, _s1...} so the next cursor can be built
 */
public record CompiledQuery(
        String sql,
        List<Object> params,
        String countSql,
        List<Object> countParams,
        List<FieldDef> fields,
        List<SortKey> sortKeys,
        String sortSignature,
        int limit) {

    /** One sort key: the column, its Java kind (to decode cursors) and direction. */
    public record SortKey(String column, ColumnKind kind, boolean descending) {}
}
