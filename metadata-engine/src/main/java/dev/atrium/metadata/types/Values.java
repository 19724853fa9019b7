package dev.atrium.metadata.types;

import dev.atrium.metadata.model.FieldDef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Conversions of JSON values shared by several field types. Messages name the expected form. */
final class Values {
    private Values() {}

    static String text(FieldDef f, Object json) throws InvalidValueException {
        if (!(json instanceof String s)) throw new InvalidValueException("must be a string");
        return s;
    }

    static String boundedText(FieldDef f, Object json, int defaultMax) throws InvalidValueException {
        String s = text(f, json);
        int max = f.maxLength() != null ? f.maxLength() : defaultMax;
        if (s.codePointCount(0, s.length()) > max) {
            throw new InvalidValueException(
                    "must be at most " + max + " characters long (got " + s.codePointCount(0, s.length()) + ")");
        }
        if (s.indexOf('\u0000') >= 0) throw new InvalidValueException("must not contain the NUL character");
        return s;
    }

    static BigDecimal decimal(FieldDef f, Object json) throws InvalidValueException {
        BigDecimal d;
        if (json instanceof BigDecimal b) d = b;
        else if (json instanceof Long || json instanceof Integer || json instanceof Short)
            d = BigDecimal.valueOf(((Number) json).longValue());
        else if (json instanceof Number n) d = new BigDecimal(n.toString());
        else if (json instanceof String s) {
            try {
                d = new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw new InvalidValueException("must be a number, got \"" + abbreviate(s) + "\"");
            }
        } else throw new InvalidValueException("must be a number");
        checkRange(f, d);
        int precision = f.precision() != null ? f.precision() : 18;
        int scale = f.scale() != null ? f.scale() : 2;
        BigDecimal scaled = d.setScale(Math.max(scale, 0), java.math.RoundingMode.HALF_EVEN);
        if (scaled.precision() - scaled.scale() > precision - scale) {
            throw new InvalidValueException(
                    "must have at most " + (precision - scale) + " digits before the decimal point");
        }
        return d;
    }

    static void checkRange(FieldDef f, BigDecimal d) throws InvalidValueException {
        if (f.min() != null && d.compareTo(f.min()) < 0) {
            throw new InvalidValueException("must be at least " + f.min().toPlainString());
        }
        if (f.max() != null && d.compareTo(f.max()) > 0) {
            throw new InvalidValueException("must be at most " + f.max().toPlainString());
        }
    }

    static Long integer(FieldDef f, Object json) throws InvalidValueException {
        BigDecimal d;
        if (json instanceof Number || json instanceof String) {
            try {
                d = json instanceof String s ? new BigDecimal(s.trim()) : new BigDecimal(json.toString());
            } catch (NumberFormatException e) {
                throw new InvalidValueException("must be a whole number");
            }
        } else throw new InvalidValueException("must be a whole number");
        if (d.stripTrailingZeros().scale() > 0)
            throw new InvalidValueException("must be a whole number, got " + d.toPlainString());
        try {
            long v = d.longValueExact();
            checkRange(f, d);
            return v;
        } catch (ArithmeticException e) {
            throw new InvalidValueException("is too large for a whole number");
        }
    }

    static LocalDate date(Object json) throws InvalidValueException {
        if (!(json instanceof String s)) throw new InvalidValueException("must be a date like \"2024-12-31\"");
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("must be a date like \"2024-12-31\", got \"" + abbreviate(s) + "\"");
        }
    }

    static OffsetDateTime dateTime(Object json) throws InvalidValueException {
        if (!(json instanceof String s))
            throw new InvalidValueException("must be a date-time like \"2024-12-31T09:30:00Z\"");
        try {
            return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(
                    "must be a date-time with offset like \"2024-12-31T09:30:00Z\", got \"" + abbreviate(s) + "\"");
        }
    }

    static LocalTime time(Object json) throws InvalidValueException {
        if (!(json instanceof String s)) throw new InvalidValueException("must be a time like \"09:30\"");
        try {
            return LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(
                    "must be a time like \"09:30\" or \"09:30:15\", got \"" + abbreviate(s) + "\"");
        }
    }

    static UUID uuid(Object json) throws InvalidValueException {
        if (!(json instanceof String s)) throw new InvalidValueException("must be a record id (UUID string)");
        try {
            if (s.length() != 36) throw new IllegalArgumentException();
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("must be a record id (UUID), got \"" + abbreviate(s) + "\"");
        }
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
