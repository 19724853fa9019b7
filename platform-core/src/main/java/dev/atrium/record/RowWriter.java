package dev.atrium.record;

import dev.atrium.db.PgValues;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.metadata.types.Column;
import dev.atrium.metadata.types.FieldType;
import dev.atrium.metadata.types.FieldTypeRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rows of a list straight to the API's JSON: the same members, order and values as
 * {@link RecordCodec#encode} gives, without a map and a {@code JsonObject} per row. A page of a wide entity
 * is mostly empty fields: each is written as one pre-encoded {@code ,"name":null}, found without calling
 * its type.
 */
final class RowWriter {
    private static final byte[] ID = JsonOut.bytes("{\"id\":");
    private static final byte[] VERSION = JsonOut.member("version", false);
    private static final byte[] DELETED_AT = JsonOut.member(SystemFields.DELETED_AT, false);
    private static final String[] TRAILING = {
        SystemFields.OWNER,
        SystemFields.CREATED_AT,
        SystemFields.CREATED_BY,
        SystemFields.UPDATED_AT,
        SystemFields.UPDATED_BY
    };

    /** One field of the page: its member name, its columns' positions in the row, and how to write it. */
    private record Out(byte[] name, byte[] whenNull, FieldDef field, FieldType type, int[] at, boolean formula) {}

    private final Out[] fields;
    private final byte[][] trailingNames = new byte[TRAILING.length][];
    private final int[] trailing = new int[TRAILING.length];
    private final int id;
    private final int version;
    private final int deletedAt;

    /** A writer for rows with these columns (in this order) carrying these fields (as the caller may see them). */
    RowWriter(FieldTypeRegistry types, List<FieldDef> fields, List<String> columns) {
        Map<String, Integer> at = HashMap.newHashMap(columns.size());
        for (int i = 0; i < columns.size(); i++) at.putIfAbsent(columns.get(i), i);
        List<Out> out = new ArrayList<>(fields.size());
        for (FieldDef f : fields) {
            FieldType type = types.require(f.type());
            if (type.linkTable()) continue;
            byte[] name = JsonOut.member(f.name(), false);
            byte[] whenNull = Arrays.copyOf(name, name.length + 4);
            System.arraycopy(JsonOut.bytes("null"), 0, whenNull, name.length, 4);
            if (type.formula()) {
                out.add(new Out(name, whenNull, f, type, new int[] {at.get(f.name())}, true));
                continue;
            }
            List<Column> cols = type.columns(f);
            int[] idx = new int[cols.size()];
            for (int i = 0; i < idx.length; i++) idx[i] = at.get(cols.get(i).name());
            // a type that shows empty columns as something (an empty list, say) is always asked
            boolean nullWhenEmpty = type.fromColumns(f, Arrays.asList(new Object[idx.length])) == null;
            out.add(new Out(name, nullWhenEmpty ? whenNull : null, f, type, idx, false));
        }
        this.fields = out.toArray(Out[]::new);
        this.id = at.get(SystemFields.ID);
        this.version = at.get(SystemFields.VERSION);
        this.deletedAt = at.get(SystemFields.DELETED_AT);
        for (int i = 0; i < TRAILING.length; i++) {
            trailing[i] = at.get(TRAILING[i]);
            trailingNames[i] = JsonOut.member(TRAILING[i], false);
        }
    }

    /** {@code {"data": [rows...], "nextCursor": ..., "total": ...}} with at most {@code limit} rows. */
    Buffer page(Iterable<Row> rows, int limit, String nextCursor, Long total) {
        JsonOut out = new JsonOut(256 + limit * (64 + fields.length * 16));
        out.raw(JsonOut.bytes("{\"data\":["));
        int n = 0;
        for (Row r : rows) {
            if (n == limit) break;
            if (n++ > 0) out.raw((byte) ',');
            write(r, out);
        }
        out.raw(JsonOut.bytes("],\"nextCursor\":")).value(nextCursor);
        if (total != null) out.raw(JsonOut.bytes(",\"total\":")).value(total);
        return out.raw((byte) '}').toBuffer();
    }

    /** One row as a record object. */
    Buffer record(Row r) {
        JsonOut out = new JsonOut(128 + fields.length * 32);
        write(r, out);
        return out.toBuffer();
    }

    private void write(Row r, JsonOut out) {
        out.raw(ID).string(String.valueOf(r.getValue(id)));
        out.raw(VERSION).value(r.getValue(version));
        for (Out f : fields) {
            if (f.formula()) {
                out.raw(f.name()).value(formula(PgValues.read(r.getValue(f.at()[0]))));
            } else if (f.whenNull() != null && empty(r, f.at())) {
                out.raw(f.whenNull());
            } else {
                Object[] vals = new Object[f.at().length];
                for (int i = 0; i < vals.length; i++) vals[i] = PgValues.read(r.getValue(f.at()[i]));
                out.raw(f.name()).value(f.type().fromColumns(f.field(), Arrays.asList(vals)));
            }
        }
        for (int i = 0; i < trailing.length; i++) out.raw(trailingNames[i]).value(text(r.getValue(trailing[i])));
        Object deleted = r.getValue(deletedAt);
        if (deleted != null) out.raw(DELETED_AT).value(text(deleted));
        out.raw((byte) '}');
    }

    private static boolean empty(Row r, int[] at) {
        for (int i : at) if (r.getValue(i) != null) return false;
        return true;
    }

    private static Object formula(Object v) {
        if (v instanceof OffsetDateTime t)
            return t.withOffsetSameInstant(ZoneOffset.UTC).toString();
        if (v instanceof LocalDate d) return d.toString();
        return v;
    }

    private static String text(Object v) {
        if (v instanceof OffsetDateTime t)
            return t.withOffsetSameInstant(ZoneOffset.UTC).toString();
        return v == null ? null : v.toString();
    }
}
