package dev.atrium.metadata.sql;

import java.util.regex.Pattern;

/**
 * Quoting of identifiers and of the few literals DDL needs. Identifiers come from validated metadata;
 * quoting them anyway means even a bug upstream cannot turn a name into SQL.
 */
public final class Sql {
    private static final Pattern SAFE_LITERAL = Pattern.compile("^[A-Za-z0-9_/.\\- ]*$");

    private Sql() {}

    public static String ident(String name) {
        if (name.indexOf('\u0000') >= 0) throw new IllegalArgumentException("identifier contains NUL");
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String table(String schema, String table) {
        return ident(schema) + "." + ident(table);
    }

    /** A string literal for DDL (defaults, USING clauses): only for values validated by a pattern. */
    public static String literal(String value) {
        if (!SAFE_LITERAL.matcher(value).matches()) {
            throw new IllegalArgumentException("refusing to inline a literal with special characters: " + value);
        }
        return "'" + value + "'";
    }
}
