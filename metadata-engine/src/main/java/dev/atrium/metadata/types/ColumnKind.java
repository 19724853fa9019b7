package dev.atrium.metadata.types;

/**
 * The Java value type a column holds in the platform (what a bind parameter and a read value are).
 * The filter compiler uses it to convert literals and to decide which operators make sense.
 */
public enum ColumnKind {
    /** {@code String}. */
    TEXT,
    /** {@code Long}. */
    LONG,
    /** {@code BigDecimal}. */
    DECIMAL,
    /** {@code Boolean}. */
    BOOLEAN,
    /** {@code LocalDate}. */
    DATE,
    /** {@code OffsetDateTime}. */
    DATETIME,
    /** {@code LocalTime}. */
    TIME,
    /** {@code UUID}. */
    UUID,
    /** {@code String[]}. */
    TEXT_ARRAY,
    /** JSON text, bound as a JSON value. */
    JSON;

    public boolean ordered() {
        return this != BOOLEAN && this != TEXT_ARRAY && this != JSON && this != UUID;
    }
}
