package dev.atrium.metadata.query;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL literals for values that come from validated metadata (never from a request), for conditions
 * embedded in expressions. Text is quoted with single quotes doubled; every literal is cast to its type.
 */
final class SqlLiterals {
    private SqlLiterals() {}

    static String of(Object v) {
        return switch (v) {
            case null -> "NULL";
            case String s -> text(s) + "::text";
            case BigDecimal d -> d.toPlainString() + "::numeric";
            case Long l -> l + "::bigint";
            case Boolean b -> b ? "TRUE" : "FALSE";
            case LocalDate d -> "'" + d + "'::date";
            case OffsetDateTime t -> "'" + t + "'::timestamptz";
            case LocalTime t -> "'" + t + "'::time";
            case UUID u -> "'" + u + "'::uuid";
            case Object[] arr -> {
                List<String> items = new ArrayList<>();
                for (Object o : arr) items.add(of(o));
                String type = arr instanceof String[]
                        ? "text"
                        : arr instanceof BigDecimal[]
                                ? "numeric"
                                : arr instanceof Long[]
                                        ? "bigint"
                                        : arr instanceof LocalDate[]
                                                ? "date"
                                                : arr instanceof UUID[]
                                                        ? "uuid"
                                                        : arr instanceof Boolean[] ? "boolean" : "text";
                yield "ARRAY[" + String.join(", ", items) + "]::" + type + "[]";
            }
            default ->
                throw new IllegalArgumentException(
                        "no literal form for " + v.getClass().getSimpleName());
        };
    }

    private static String text(String s) {
        if (s.indexOf('\u0000') >= 0) throw new IllegalArgumentException("text may not contain NUL");
        return "'" + s.replace("'", "''") + "'";
    }
}
