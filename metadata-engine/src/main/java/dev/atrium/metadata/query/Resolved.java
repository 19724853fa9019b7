package dev.atrium.metadata.query;

import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.types.ColumnKind;

/**
 * A field path resolved to a SQL column expression.
 *
 * @param sql qualified, quoted column, e.g. {@code j1."name"}
 * @param field the field, or null for a system column
 */
record Resolved(String sql, ColumnKind kind, FieldDef field, String path) {}
