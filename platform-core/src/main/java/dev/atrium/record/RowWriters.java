package dev.atrium.record;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Row writers kept per entity definition, fields and columns, so that a read or a page builds none: member
 * names, column positions and field types are worked out once per entity version and field set (a JFR
 * profile of reads found 4% of the node's CPU in building them per request). A new entity version is a
 * new definition, so a changed entity never meets an old writer; the cache is emptied when it grows past
 * {@value #MAX} writers (old versions and rare field sets go then).
 */
final class RowWriters {
    private static final int MAX = 512;

    private final FieldTypeRegistry types;
    private final ConcurrentHashMap<Key, RowWriter> writers = new ConcurrentHashMap<>();

    RowWriters(FieldTypeRegistry types) {
        this.types = types;
    }

    /** The writer for rows with these columns (in this order) carrying these fields of {@code entity}. */
    RowWriter of(EntityDef entity, List<FieldDef> fields, List<String> columns) {
        Key key = new Key(entity, fields, columns);
        RowWriter w = writers.get(key);
        if (w == null) {
            if (writers.size() >= MAX) writers.clear();
            w = new RowWriter(types, fields, columns);
            writers.put(key, w);
        }
        return w;
    }

    int size() {
        return writers.size();
    }

    /** The entity and its fields by identity (definitions are immutable), the columns by value. */
    private static final class Key {
        private final EntityDef entity;
        private final List<FieldDef> fields;
        private final List<String> columns;
        private final int hash;

        Key(EntityDef entity, List<FieldDef> fields, List<String> columns) {
            this.entity = entity;
            this.fields = fields;
            this.columns = columns;
            int h = System.identityHashCode(entity);
            for (FieldDef f : fields) h = 31 * h + System.identityHashCode(f);
            this.hash = 31 * h + columns.hashCode();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || k.hash != hash || k.entity != entity || k.fields.size() != fields.size())
                return false;
            for (int i = 0; i < fields.size(); i++) if (k.fields.get(i) != fields.get(i)) return false;
            return k.columns.equals(columns);
        }
    }
}
