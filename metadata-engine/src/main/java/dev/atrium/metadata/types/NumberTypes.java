package dev.atrium.metadata.types;

import static dev.atrium.metadata.types.Schemas.of;

import dev.atrium.metadata.model.FieldDef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** integer, decimal, percent, currency. */
final class NumberTypes {
    private static final List<String> NUMBER_ATTRS =
            List.of("precision", "scale", "min", "max", "unique", "indexed", "default");

    private NumberTypes() {}

    static List<FieldType> all() {
        return List.of(
                ScalarFieldType.simple(
                        "integer",
                        ColumnKind.LONG,
                        List.of("min", "max", "unique", "indexed", "externalId", "default"),
                        f -> "bigint",
                        f -> of("type", "integer", "minimum", f.min(), "maximum", f.max()),
                        Values::integer),
                ScalarFieldType.simple(
                        "decimal",
                        ColumnKind.DECIMAL,
                        NUMBER_ATTRS,
                        f -> numeric(f, 18, 2),
                        f -> of("type", "number", "minimum", f.min(), "maximum", f.max()),
                        Values::decimal),
                ScalarFieldType.simple(
                        "percent",
                        ColumnKind.DECIMAL,
                        NUMBER_ATTRS,
                        f -> numeric(f, 5, 2),
                        f -> of("type", "number", "minimum", f.min(), "maximum", f.max()),
                        (f, v) -> Values.decimal(withDefaults(f, 5, 2), v)),
                new CurrencyType());
    }

    static String numeric(FieldDef f, int p, int s) {
        return "numeric(" + (f.precision() != null ? f.precision() : p) + "," + (f.scale() != null ? f.scale() : s)
                + ")";
    }

    private static FieldDef withDefaults(FieldDef f, int p, int s) {
        if (f.precision() != null) return f;
        return new FieldDef(
                f.id(),
                f.name(),
                f.type(),
                f.label(),
                f.help(),
                f.required(),
                f.unique(),
                f.indexed(),
                f.readOnly(),
                f.searchable(),
                f.externalId(),
                f.defaultValue(),
                f.maxLength(),
                p,
                s,
                f.min(),
                f.max(),
                f.values(),
                f.target(),
                f.targets(),
                f.prefix(),
                f.digits(),
                f.linkFields(),
                f.currency(),
                f.expression(),
                f.returns(),
                f.rollup());
    }

    /**
     * An amount with its ISO 4217 code, stored in two columns ({@code name} numeric and
     * {@code name__currency} char(3)), so amounts filter, sort and index like numbers.
     * API value: {@code {"amount": 1250.5, "currency": "EUR"}}; a bare number takes the field's default code.
     */
    static final class CurrencyType implements FieldType {
        private static final Pattern ISO = Pattern.compile("^[A-Z]{3}$");

        @Override
        public String name() {
            return "currency";
        }

        @Override
        public List<String> attributes() {
            return List.of("precision", "scale", "min", "max", "currency", "indexed", "default");
        }

        @Override
        public List<Column> columns(FieldDef f) {
            return List.of(
                    new Column(f.name(), numeric(f, 18, 2), ColumnKind.DECIMAL),
                    new Column(f.name() + "__currency", "char(3)", ColumnKind.TEXT));
        }

        @Override
        public Map<String, Object> jsonSchema(FieldDef f) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("amount", of("type", "number", "minimum", f.min(), "maximum", f.max()));
            props.put("currency", of("type", "string", "pattern", "^[A-Z]{3}$"));
            return of(
                    "type",
                    "object",
                    "properties",
                    props,
                    "required",
                    List.of("amount"),
                    "additionalProperties",
                    false);
        }

        @Override
        public List<Object> toColumns(FieldDef f, Object json) throws InvalidValueException {
            Object amount;
            String code = f.currency() != null ? f.currency() : "USD";
            if (json instanceof Map<?, ?> m) {
                for (Object k : m.keySet()) {
                    if (!"amount".equals(k) && !"currency".equals(k)) {
                        throw new InvalidValueException(
                                "has an unknown property \"" + k + "\" (allowed: amount, currency)");
                    }
                }
                amount = m.get("amount");
                if (amount == null) throw new InvalidValueException("needs an \"amount\"");
                Object c = m.get("currency");
                if (c != null) {
                    if (!(c instanceof String s) || !ISO.matcher(s).matches()) {
                        throw new InvalidValueException("needs \"currency\" as an ISO 4217 code like \"EUR\"");
                    }
                    code = s;
                }
            } else if (json instanceof Number) {
                amount = json;
            } else {
                throw new InvalidValueException("must be {\"amount\": number, \"currency\": \"EUR\"} or a number");
            }
            BigDecimal d = Values.decimal(f, amount);
            return new ArrayList<>(Arrays.asList(d, code));
        }

        @Override
        public Object fromColumns(FieldDef f, List<Object> values) {
            if (values.get(0) == null) return null;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("amount", values.get(0));
            Object code = values.get(1);
            m.put("currency", code == null ? null : code.toString().trim());
            return m;
        }
    }
}
