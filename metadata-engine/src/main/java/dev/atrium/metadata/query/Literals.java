package dev.atrium.metadata.query;

import dev.atrium.metadata.model.PicklistValue;
import dev.atrium.metadata.query.Filter.Literal;
import dev.atrium.metadata.types.ColumnKind;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Converts filter literals to bind values of a column's kind, with messages that say what fits. */
final class Literals {
    /** A half-open range [from, to) of bind values, for relative dates and whole days. */
    record Range(Object from, Object to) {}

    private final LocalDate today;

    Literals(LocalDate today) {
        this.today = today;
    }

    /** A single bind value, or a {@link Range}. */
    Object convert(Literal lit, Resolved r, int position) {
        ColumnKind kind = r.kind();
        try {
            return switch (kind) {
                case TEXT, TEXT_ARRAY -> text(lit, r, position);
                case LONG -> {
                    if (lit instanceof Filter.Number n) yield n.value().longValueExact();
                    throw mismatch(r, "a whole number", position);
                }
                case DECIMAL -> {
                    if (lit instanceof Filter.Number n) yield n.value();
                    throw mismatch(r, "a number", position);
                }
                case BOOLEAN -> {
                    if (lit instanceof Filter.Bool b) yield b.value();
                    throw mismatch(r, "true or false", position);
                }
                case DATE ->
                    switch (lit) {
                        case Filter.Date d -> d.value();
                        case Filter.RelativeDate rd -> range(rd);
                        default -> throw mismatch(r, "a date like 2024-12-31 or today, last_n_days:30", position);
                    };
                case DATETIME ->
                    switch (lit) {
                        case Filter.DateTime d -> d.value();
                        case Filter.Date d ->
                            new Range(startOf(d.value()), startOf(d.value().plusDays(1)));
                        case Filter.RelativeDate rd -> {
                            Range days = range(rd);
                            yield new Range(startOf((LocalDate) days.from()), startOf((LocalDate) days.to()));
                        }
                        default ->
                            throw mismatch(
                                    r,
                                    "a date-time like 2024-12-31T09:00:00Z, a date, or today, last_n_days:30",
                                    position);
                    };
                case TIME -> {
                    if (lit instanceof Filter.Text t) yield LocalTime.parse(t.value());
                    throw mismatch(r, "a time in quotes like '09:30'", position);
                }
                case UUID -> {
                    if (lit instanceof Filter.Text t && t.value().length() == 36) yield UUID.fromString(t.value());
                    throw mismatch(r, "a record id in quotes", position);
                }
                case JSON ->
                    throw new FilterException(
                            "filter",
                            position,
                            "\"" + r.path() + "\" is a JSON field; only \"is null\" and \"is not null\" work on it");
            };
        } catch (ArithmeticException | IllegalArgumentException | DateTimeParseException e) {
            throw mismatch(
                    r,
                    switch (kind) {
                        case LONG -> "a whole number";
                        case UUID -> "a record id in quotes";
                        case TIME -> "a time like '09:30'";
                        default -> "a different kind of value";
                    },
                    position);
        }
    }

    private Object text(Literal lit, Resolved r, int position) {
        if (!(lit instanceof Filter.Text t)) throw mismatch(r, "text in single quotes", position);
        if (r.field() != null && !r.field().values().isEmpty() && r.field().value(t.value()) == null) {
            throw new FilterException(
                    "filter",
                    position,
                    "'" + t.value() + "' is not a value of " + r.path() + " (values: "
                            + String.join(
                                    ", ",
                                    r.field().values().stream()
                                            .map(PicklistValue::value)
                                            .toList()) + ")");
        }
        return t.value();
    }

    Range range(Filter.RelativeDate rd) {
        return switch (rd.name()) {
            case "today" -> new Range(today, today.plusDays(1));
            case "yesterday" -> new Range(today.minusDays(1), today);
            case "tomorrow" -> new Range(today.plusDays(1), today.plusDays(2));
            case "last_n_days" -> new Range(today.minusDays(rd.n()), today.plusDays(1));
            case "next_n_days" -> new Range(today, today.plusDays(rd.n() + 1L));
            case "this_week" -> {
                LocalDate monday = today.with(DayOfWeek.MONDAY);
                yield new Range(monday, monday.plusWeeks(1));
            }
            case "this_month" ->
                new Range(today.withDayOfMonth(1), today.withDayOfMonth(1).plusMonths(1));
            case "last_month" -> new Range(today.withDayOfMonth(1).minusMonths(1), today.withDayOfMonth(1));
            case "this_year" ->
                new Range(today.withDayOfYear(1), today.withDayOfYear(1).plusYears(1));
            default -> throw new IllegalStateException(rd.name());
        };
    }

    private static OffsetDateTime startOf(LocalDate d) {
        return d.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    static FilterException mismatch(Resolved r, String expected, int position) {
        return new FilterException("filter", position, "\"" + r.path() + "\" needs " + expected);
    }

    static Object typedArray(ColumnKind kind, java.util.List<Object> values) {
        return switch (kind) {
            case TEXT, TEXT_ARRAY -> values.toArray(new String[0]);
            case LONG -> values.toArray(new Long[0]);
            case DECIMAL -> values.toArray(new BigDecimal[0]);
            case BOOLEAN -> values.toArray(new Boolean[0]);
            case DATE -> values.toArray(new LocalDate[0]);
            case DATETIME -> values.toArray(new OffsetDateTime[0]);
            case TIME -> values.toArray(new LocalTime[0]);
            case UUID -> values.toArray(new UUID[0]);
            case JSON -> throw new IllegalStateException();
        };
    }
}
