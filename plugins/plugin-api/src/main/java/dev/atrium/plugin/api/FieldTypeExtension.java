package dev.atrium.plugin.api;

import java.util.Locale;

/**
 * A field type: admins use {@link #id()} as a field's {@code type} in metadata. Values are stored as
 * text (at most {@link #maxLength()} characters), filter and sort as text, and are searchable.
 *
 * <p>Called on the write path for every value of such a field, on a virtual thread, inside the
 * request; keep it fast and free of I/O. A returned message fails that write with a 422 pointing at the
 * field. An exception is treated like an invalid value, with the plugin named.
 */
public interface FieldTypeExtension extends AtriumExtension {

    /** Type name in metadata: lower case letters, digits and {@code _}, e.g. {@code es_nif}. */
    @Override
    String id();

    /** Label for the object manager, e.g. "Spanish NIF/CIF". */
    String label();

    default int maxLength() {
        return 64;
    }

    /** The stored form of a value (trimmed, upper-cased...); called before {@link #validate}. */
    default String normalize(String value) {
        return value.trim();
    }

    /** Null when the normalized value is valid, otherwise a sentence saying what is wrong. */
    String validate(String normalized);

    /** How the value is shown to a person in {@code locale}. */
    default String format(String value, Locale locale) {
        return value;
    }
}
