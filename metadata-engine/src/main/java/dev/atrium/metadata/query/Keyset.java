package dev.atrium.metadata.query;

import dev.atrium.metadata.query.CompiledQuery.SortKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyset ("seek") predicate selecting rows after a cursor, for any mix of directions and the id as
 * final tie-breaker: (k1 after v1) OR (k1 = v1 AND k2 after v2) OR ... OR (all equal AND id > v).
 * Null ordering is PostgreSQL's default (ASC NULLS LAST, DESC NULLS FIRST), so one plain b-tree index
 * serves a sort in either direction.
 */
final class Keyset {
    private Keyset() {}

    static String predicate(List<SortKey> keys, List<Object> values, List<Object> params) {
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i <= keys.size(); i++) {
            List<String> conj = new ArrayList<>();
            for (int j = 0; j < i; j++) conj.add(equal(keys.get(j).column(), values.get(j), params));
            if (i < keys.size()) {
                String after = after(keys.get(i), values.get(i), params);
                if (after == null) continue;
                conj.add(after);
            } else {
                params.add(values.get(keys.size()));
                conj.add("t.\"id\" > $" + params.size());
            }
            alternatives.add("(" + String.join(" AND ", conj) + ")");
        }
        return "(" + String.join(" OR ", alternatives) + ")";
    }

    private static String equal(String column, Object value, List<Object> params) {
        if (value == null) return column + " IS NULL";
        params.add(value);
        return column + " = $" + params.size();
    }

    /** Null when nothing can come after {@code value} on this key. */
    private static String after(SortKey key, Object value, List<Object> params) {
        if (key.descending()) {
            if (value == null) return key.column() + " IS NOT NULL";
            params.add(value);
            return key.column() + " < $" + params.size();
        }
        if (value == null) return null;
        params.add(value);
        return "(" + key.column() + " > $" + params.size() + " OR " + key.column() + " IS NULL)";
    }
}
