package dev.atrium.metadata.types;

import dev.atrium.metadata.model.FieldDef;
import java.util.List;

/**
 * A read-only field with no column of its own: the database computes it in every query from an
 * expression ({@code FormulaCompiler}). Formulas and roll-ups.
 */
abstract class ComputedType implements FieldType {
    private final String name;
    private final List<String> attributes;
    private final String readOnlyMessage;

    ComputedType(String name, List<String> attributes, String readOnlyMessage) {
        this.name = name;
        this.attributes = attributes;
        this.readOnlyMessage = readOnlyMessage;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<String> attributes() {
        return attributes;
    }

    @Override
    public final boolean computed() {
        return true;
    }

    @Override
    public final boolean formula() {
        return true;
    }

    @Override
    public final List<Column> columns(FieldDef field) {
        return List.of();
    }

    @Override
    public final List<Object> toColumns(FieldDef field, Object json) throws InvalidValueException {
        throw new InvalidValueException(readOnlyMessage);
    }

    @Override
    public final Object fromColumns(FieldDef field, List<Object> columnValues) {
        return null;
    }
}
