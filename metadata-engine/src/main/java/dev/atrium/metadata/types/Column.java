package dev.atrium.metadata.types;

/**
 * One physical column a field stores into.
 *
 * @param name column name (from validated metadata only)
 * @param sqlType PostgreSQL type, e.g. {@code varchar(120)}, {@code numeric(14,2)}
 * @param kind Java value type of the column
 */
public record Column(String name, String sqlType, ColumnKind kind) {}
