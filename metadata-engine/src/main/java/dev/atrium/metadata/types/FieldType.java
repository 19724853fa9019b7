package dev.atrium.metadata.types;

import dev.atrium.metadata.model.FieldDef;
import java.util.List;
import java.util.Map;

/**
 * What a field type means: its columns, its JSON Schema and how API values convert to and from column
 * values. One implementation per type; all of them are registered in {@link FieldTypeRegistry}, and a
 * plugin can add its own there.
 *
 * <p>Implementations are stateless and thread-safe; they are called on any thread, never do I/O.
 * API values are plain Java JSON values: String, Number, Boolean, Map, List or null.
 */
public interface FieldType {

    /** Type name as written in metadata, e.g. {@code currency}. */
    String name();

    /** Physical columns in the entity's table; the first is the primary one filters and sorts use. */
    List<Column> columns(FieldDef field);

    /** JSON Schema (draft 2020-12) of the API value, as nested Maps/Lists. */
    Map<String, Object> jsonSchema(FieldDef field);

    /**
     * Converts an API value to column values, in {@link #columns} order. {@code json} is never null.
     *
     * @throws InvalidValueException with a sentence naming what is wrong and what would be right
     */
    List<Object> toColumns(FieldDef field, Object json) throws InvalidValueException;

    /** Converts column values (in {@link #columns} order, nulls allowed) back to the API value. */
    Object fromColumns(FieldDef field, List<Object> columnValues);

    /** Whether the field is stored in its own table (many_to_many) instead of columns. */
    default boolean linkTable() {
        return false;
    }

    /** Whether the platform computes the value (clients cannot write it). */
    default boolean computed() {
        return false;
    }

    /** Whether the value is computed by a SQL expression in queries (a formula) instead of read from columns. */
    default boolean formula() {
        return false;
    }

    /** Whether the value is text that global search and {@code like} can match. */
    default boolean textual() {
        return false;
    }

    /** Attributes that matter for this type (others are rejected by semantic validation). */
    default List<String> attributes() {
        return List.of();
    }
}
