package dev.atrium.metadata.types;

import dev.atrium.metadata.model.FieldDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A field type stored in exactly one column. Subclasses supply the SQL type, the JSON Schema and the
 * conversions of one value; the list plumbing lives here.
 */
public abstract class ScalarFieldType implements FieldType {
    private final String name;
    private final ColumnKind kind;
    private final List<String> attributes;

    protected ScalarFieldType(String name, ColumnKind kind, List<String> attributes) {
        this.name = name;
        this.kind = kind;
        this.attributes = attributes;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public List<String> attributes() {
        return attributes;
    }

    @Override
    public boolean textual() {
        return kind == ColumnKind.TEXT;
    }

    public ColumnKind kind() {
        return kind;
    }

    /** PostgreSQL type of the column. */
    protected abstract String sqlType(FieldDef field);

    /** JSON Schema of one value (without the null alternative). */
    protected abstract Map<String, Object> valueSchema(FieldDef field);

    /** API value (never null) to column value. */
    protected abstract Object toColumn(FieldDef field, Object json) throws InvalidValueException;

    /** Column value (never null) to API value; the identity by default. */
    protected Object fromColumn(FieldDef field, Object column) {
        return column;
    }

    @Override
    public List<Column> columns(FieldDef field) {
        return List.of(new Column(field.name(), sqlType(field), kind));
    }

    @Override
    public Map<String, Object> jsonSchema(FieldDef field) {
        return valueSchema(field);
    }

    @Override
    public List<Object> toColumns(FieldDef field, Object json) throws InvalidValueException {
        List<Object> one = new ArrayList<>(1);
        one.add(toColumn(field, json));
        return one;
    }

    @Override
    public Object fromColumns(FieldDef field, List<Object> columnValues) {
        Object v = columnValues.get(0);
        return v == null ? null : fromColumn(field, v);
    }

    /** A scalar type defined by three functions, for the simple cases. */
    static ScalarFieldType simple(
            String name,
            ColumnKind kind,
            List<String> attributes,
            Function<FieldDef, String> sql,
            Function<FieldDef, Map<String, Object>> schema,
            Converter converter) {
        return new ScalarFieldType(name, kind, Collections.unmodifiableList(attributes)) {
            @Override
            protected String sqlType(FieldDef field) {
                return sql.apply(field);
            }

            @Override
            protected Map<String, Object> valueSchema(FieldDef field) {
                return schema.apply(field);
            }

            @Override
            protected Object toColumn(FieldDef field, Object json) throws InvalidValueException {
                return converter.convert(field, json);
            }
        };
    }

    @FunctionalInterface
    interface Converter {
        Object convert(FieldDef field, Object json) throws InvalidValueException;
    }
}
