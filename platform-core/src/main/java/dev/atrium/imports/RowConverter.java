package dev.atrium.imports;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.PicklistValue;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns one row's cells into a record body, field by field as the mapping says: numbers with the chosen
 * decimal separator, dates in the chosen order (or ISO, or an Excel day number), booleans in four
 * languages, picklist values by value or by label in any language, related records by id, external id
 * or name (only records the importer may read; two with the same name are an error, not a guess), people
 * by e-mail or name. Problems are per cell, with the column's header, so the error file says what to fix.
 */
final class RowConverter {
    static final Set<String> IMPORTABLE = Set.of(
            "text",
            "long_text",
            "rich_text",
            "email",
            "phone",
            "url",
            "integer",
            "decimal",
            "percent",
            "currency",
            "boolean",
            "date",
            "datetime",
            "time",
            "picklist",
            "multi_picklist",
            "lookup",
            "master_detail",
            "user");
    private static final Set<String> YES = Set.of("true", "yes", "y", "1", "x", "sí", "si", "да", "是", "✓");
    private static final Set<String> NO = Set.of("false", "no", "n", "0", "нет", "否", "");
    private final RecordContext ctx;
    private final SqlClient conn;
    private final EntityDef entity;
    private final Settings settings;
    private final Map<String, String> resolved = new HashMap<>();

    RowConverter(RecordContext ctx, SqlClient conn, EntityDef entity, Settings settings) {
        this.ctx = ctx;
        this.conn = conn;
        this.entity = entity;
        this.settings = settings;
    }

    /** The body for one row, or the problems with its cells (header: message). */
    record Converted(JsonObject body, String key, List<String> problems) {}

    Converted convert(List<String> headers, List<String> cells) {
        JsonObject body = new JsonObject();
        List<String> problems = new ArrayList<>();
        String key = null;
        for (int i = 0; i < settings.fields().size(); i++) {
            String name = settings.fields().get(i);
            if (name == null || name.isBlank()) continue;
            String raw = i < cells.size() ? cells.get(i).trim() : "";
            String header = i < headers.size() ? headers.get(i) : "column " + (i + 1);
            if (name.equals("id")) {
                if (!raw.isEmpty()) key = raw;
                continue;
            }
            FieldDef f = entity.field(name).orElse(null);
            if (f == null) continue;
            if (raw.isEmpty()) continue;
            try {
                body.put(f.name(), value(f, raw));
            } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
                problems.add(header + ": " + (e.getMessage() == null ? "not a " + f.type() : e.getMessage()));
            }
        }
        if (settings.match() != null && !settings.match().equals("id"))
            key = body.getValue(settings.match()) == null ? null : String.valueOf(body.getValue(settings.match()));
        return new Converted(body, key, problems);
    }

    Object value(FieldDef f, String raw) {
        return switch (f.type()) {
            case "integer" -> number(raw).toBigIntegerExact().longValue();
            case "decimal", "percent" -> number(raw);
            case "currency" -> currency(f, raw);
            case "boolean" -> bool(raw);
            case "date" -> date(raw).toString();
            case "datetime" -> datetime(raw);
            case "picklist" -> pick(f, raw);
            case "multi_picklist" -> {
                JsonArray out = new JsonArray();
                for (String part : raw.split("[;|]")) if (!part.isBlank()) out.add(pick(f, part.trim()));
                yield out;
            }
            case "lookup", "master_detail" -> related(f, raw);
            case "user" -> person(raw);
            default -> raw;
        };
    }

    private BigDecimal number(String raw) {
        String s = raw.replace(" ", "").replace("\u00a0", "").replace("'", "");
        if (settings.decimalComma()) s = s.replace(".", "").replace(',', '.');
        else s = s.replace(",", "");
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + raw + "\" is not a number");
        }
    }

    private JsonObject currency(FieldDef f, String raw) {
        String code = f.currency() == null ? "EUR" : f.currency();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "^([A-Za-z]{3})?\\s*([^A-Za-z]+?)\\s*([A-Za-z]{3})?$")
                .matcher(raw.replaceAll("[€$£¥₽]", "").trim());
        if (!m.matches()) throw new IllegalArgumentException("\"" + raw + "\" is not an amount");
        if (m.group(1) != null) code = m.group(1).toUpperCase(Locale.ROOT);
        if (m.group(3) != null) code = m.group(3).toUpperCase(Locale.ROOT);
        return new JsonObject().put("amount", number(m.group(2))).put("currency", code);
    }

    private static boolean bool(String raw) {
        String s = raw.toLowerCase(Locale.ROOT);
        if (YES.contains(s)) return true;
        if (NO.contains(s)) return false;
        throw new IllegalArgumentException("\"" + raw + "\" is not yes or no");
    }

    LocalDate date(String raw) {
        if (raw.matches("\\d{4}-\\d{2}-\\d{2}")) return LocalDate.parse(raw);
        if (raw.matches("\\d{5}")) return LocalDate.of(1899, 12, 30).plusDays(Long.parseLong(raw));
        try {
            return LocalDate.parse(raw, DateTimeFormatter.ofPattern(settings.dateFormat()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + raw + "\" is not a date like " + settings.dateFormat());
        }
    }

    private String datetime(String raw) {
        try {
            return OffsetDateTime.parse(raw).toString();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(raw.replace(' ', 'T'))
                        .atOffset(ZoneOffset.UTC)
                        .toString();
            } catch (DateTimeParseException e2) {
                return date(raw).atStartOfDay().atOffset(ZoneOffset.UTC).toString();
            }
        }
    }

    private static String pick(FieldDef f, String raw) {
        for (PicklistValue v : f.values()) {
            if (v.value().equalsIgnoreCase(raw)) return v.value();
            for (String l : v.label().values()) if (l.equalsIgnoreCase(raw)) return v.value();
        }
        throw new IllegalArgumentException("\"" + raw + "\" is not one of "
                + f.values().stream().map(PicklistValue::value).limit(12).toList());
    }

    /** A related record by id, by its external id field, or by its name; only records the importer may read. */
    private String related(FieldDef f, String raw) {
        String cacheKey = f.target() + "\u0000" + raw.toLowerCase(Locale.ROOT);
        String hit = resolved.get(cacheKey);
        if (hit != null) return hit;
        EntityDef target = ctx.snapshot().entity(f.target()).orElseThrow();
        String schema = ctx.tenant().schema();
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        params.add(raw);
        try {
            UUID id = UUID.fromString(raw);
            params.set(0, id);
            where.add("t.\"id\" = $1");
        } catch (IllegalArgumentException notAnId) {
            List<String> keys = new ArrayList<>();
            for (FieldDef k : target.fields()) if (k.externalId()) keys.add("t." + Sql.ident(k.name()) + "::text = $1");
            FieldDef title = target.titleField() == null
                    ? null
                    : target.field(target.titleField()).orElse(null);
            if (title != null && !title.type().equals("formula")) {
                keys.add("lower(t." + Sql.ident(title.name()) + "::text) = lower($1)");
            }
            if (keys.isEmpty()) throw new IllegalArgumentException("give the id of the " + target.displayName());
            where.add("(" + String.join(" OR ", keys) + ")");
        }
        var scope = ctx.access().scope(target, schema, "t", false);
        String sql = "SELECT t.\"id\" FROM " + Sql.table(schema, target.name()) + " t WHERE "
                + String.join(" AND ", where) + " AND t.\"deleted_at\" IS NULL"
                + (scope == null ? "" : " AND " + scope.render(params)) + " LIMIT 2";
        List<Row> rows = new ArrayList<>();
        conn.preparedQuery(sql).execute(Tuple.wrap(params)).await().forEach(rows::add);
        if (rows.isEmpty()) throw new IllegalArgumentException("no " + target.displayName() + " \"" + raw + "\"");
        if (rows.size() > 1) {
            throw new IllegalArgumentException(
                    "more than one " + target.displayName() + " is named \"" + raw + "\"; use its id or external id");
        }
        String id = rows.get(0).getUUID("id").toString();
        resolved.put(cacheKey, id);
        return id;
    }

    private String person(String raw) {
        String cacheKey = "user\u0000" + raw.toLowerCase(Locale.ROOT);
        String hit = resolved.get(cacheKey);
        if (hit != null) return hit;
        List<Row> rows = new ArrayList<>();
        conn.preparedQuery("SELECT id FROM atrium.users WHERE tenant_id = $1 AND active AND (lower(email) = lower($2)"
                        + " OR lower(display_name) = lower($2) OR id::text = $2) LIMIT 2")
                .execute(Tuple.of(ctx.tenant().id(), raw))
                .await()
                .forEach(rows::add);
        if (rows.size() != 1) throw new IllegalArgumentException("no single person \"" + raw + "\"");
        String id = rows.get(0).getUUID("id").toString();
        resolved.put(cacheKey, id);
        return id;
    }

    /**
     * How to read the file and write the records: the field for each column (by position; null: not
     * imported; "id": the record's id), create, update or upsert, the field that matches existing
     * records, the date order and the decimal separator.
     */
    record Settings(
            List<String> fields,
            String mode,
            String match,
            String dateFormat,
            boolean decimalComma,
            String encoding,
            char delimiter) {
        static Settings of(JsonObject s) {
            List<String> fields = new ArrayList<>();
            for (Object o : s.getJsonArray("fields", new JsonArray())) fields.add(o == null ? null : String.valueOf(o));
            String d = s.getString("delimiter", ",");
            return new Settings(
                    fields,
                    s.getString("mode", "create"),
                    s.getString("match"),
                    s.getString("dateFormat", "yyyy-MM-dd"),
                    ",".equals(s.getString("decimal", ".")),
                    s.getString("encoding", "UTF-8"),
                    d.equals("\\t") ? '\t' : d.isEmpty() ? ',' : d.charAt(0));
        }
    }
}
