package dev.atrium.metadata.query;

import dev.atrium.metadata.formula.FormulaException;
import dev.atrium.metadata.formula.FormulaParser;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.Column;
import dev.atrium.metadata.types.ColumnKind;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Type-checks a formula and compiles it to a SQL expression over one row (table alias given), so
 * formula fields filter, sort and list in the database like stored fields. Lookup paths become scalar
 * subqueries; a formula may use other formulas (cycles are refused). Literals come from validated
 * metadata and are written as SQL literals (numbers as plain decimals, text quoted and escaped).
 * Division by zero yields empty instead of an error. Pure and thread-safe.
 */
public final class FormulaCompiler {
    /** Types of the language. */
    public enum Type {
        NUMBER,
        TEXT,
        BOOLEAN,
        DATE,
        DATETIME,
        NULL
    }

    /** A compiled expression and its type. */
    public record Compiled(String sql, Type type) {}

    private static final Map<String, Type> RETURNS = Map.of(
            "text",
            Type.TEXT,
            "number",
            Type.NUMBER,
            "currency",
            Type.NUMBER,
            "percent",
            Type.NUMBER,
            "date",
            Type.DATE,
            "datetime",
            Type.DATETIME,
            "boolean",
            Type.BOOLEAN);
    static final Set<String> SYSTEM_TEXT = Set.of("id", "owner_id", "created_by", "updated_by");

    final FieldTypeRegistry types;
    final Function<String, EntityDef> entities;
    final String schema;
    private final RowScope rows;
    private final List<Object> params;

    /** @param entities finds an entity by name (null when there is none) */
    public FormulaCompiler(FieldTypeRegistry types, Function<String, EntityDef> entities, String schema) {
        this(types, entities, schema, RowScope.ALL, new ArrayList<>());
    }

    /**
     * For a reader: lookup paths see only the rows {@code rows} admits (others are empty) and roll-ups
     * count only those rows; the conditions' values are appended to {@code params}.
     */
    public FormulaCompiler(
            FieldTypeRegistry types,
            Function<String, EntityDef> entities,
            String schema,
            RowScope rows,
            List<Object> params) {
        this.types = types;
        this.entities = entities;
        this.schema = schema;
        this.rows = rows;
        this.params = params;
    }

    /** " AND (condition)" for the rows of {@code e} the reader may read, or "". */
    String readable(EntityDef e, String alias) {
        String condition = rows.condition(e, alias, params);
        return condition == null ? "" : " AND (" + condition + ")";
    }

    /** The column kind a formula's result has, for filters and sorts. */
    public static ColumnKind kind(FieldDef formula) {
        if (formula.rollup() != null)
            return formula.returns() == null
                    ? ColumnKind.DECIMAL
                    : switch (formula.returns()) {
                        case "date" -> ColumnKind.DATE;
                        case "datetime" -> ColumnKind.DATETIME;
                        default -> ColumnKind.DECIMAL;
                    };
        return switch (RETURNS.getOrDefault(formula.returns(), Type.TEXT)) {
            case NUMBER -> ColumnKind.DECIMAL;
            case BOOLEAN -> ColumnKind.BOOLEAN;
            case DATE -> ColumnKind.DATE;
            case DATETIME -> ColumnKind.DATETIME;
            default -> ColumnKind.TEXT;
        };
    }

    /** Compiles a formula field of {@code entity} against the row aliased {@code alias}. */
    public Compiled compile(EntityDef entity, FieldDef formula, String alias) {
        if (formula.rollup() != null) return rollup(entity, formula, alias, new int[] {0});
        return field(entity, formula, alias, new HashSet<>(), new int[] {0});
    }

    /**
     * A roll-up as a correlated subquery over the related records: always current (there is nothing to
     * keep in step), using the index every lookup column has.
     */
    Compiled rollup(EntityDef entity, FieldDef f, String alias, int[] counter) {
        var r = f.rollup();
        EntityDef child = entities.apply(r.entity());
        if (child == null) throw new FormulaException(0, "\"" + r.entity() + "\" is not an entity");
        if (counter[0] >= 16) {
            throw new FormulaException(0, "roll-ups of roll-ups nest more than 16 deep: do they refer to each other?");
        }
        String c = "r" + (++counter[0]);
        String join;
        FieldDef via = child.field(r.via()).orElse(null);
        if (via != null
                && (via.type().equals("lookup") || via.type().equals("master_detail"))
                && entity.name().equals(via.target())) {
            join = c + "." + Sql.ident(via.name()) + " = " + alias + ".\"id\"";
        } else {
            FieldDef m2m = entity.field(r.via()).orElse(null);
            if (m2m == null
                    || !m2m.type().equals("many_to_many")
                    || !child.name().equals(m2m.target())) {
                throw new FormulaException(
                        0,
                        "\"via\" must be a field of " + child.name() + " that looks up " + entity.name()
                                + ", or a many-to-many field of " + entity.name() + " with " + child.name());
            }
            join = "EXISTS (SELECT 1 FROM "
                    + Sql.table(schema, dev.atrium.metadata.types.ReferenceTypes.ManyToManyType.junctionTable(m2m))
                    + " j" + " WHERE j.\"source_id\" = " + alias + ".\"id\" AND j.\"target_id\" = " + c + ".\"id\")";
        }
        String agg;
        Type type;
        if (r.function().equals("count")) {
            agg = "count(*)::numeric";
            type = Type.NUMBER;
        } else {
            FieldDef field = r.field() == null ? null : child.field(r.field()).orElse(null);
            if (field == null)
                throw new FormulaException(0, "\"field\" must name a field of " + child.name() + " to " + r.function());
            String col;
            ColumnKind k;
            if (field.type().equals("formula") || field.type().equals("rollup")) {
                // a computed field of the related records is aggregated as the expression it compiles to
                Compiled inner = field.type().equals("rollup")
                        ? rollup(child, field, c, counter)
                        : field(child, field, c, new HashSet<>(), counter);
                col = "(" + inner.sql() + ")";
                k = switch (inner.type()) {
                    case NUMBER -> ColumnKind.DECIMAL;
                    case DATE -> ColumnKind.DATE;
                    case DATETIME -> ColumnKind.DATETIME;
                    default -> ColumnKind.TEXT;
                };
            } else {
                List<Column> cols = types.require(field.type()).columns(field);
                if (cols.isEmpty())
                    throw new FormulaException(
                            0, field.name() + " holds several values per record" + " and cannot be aggregated");
                col = c + "." + Sql.ident(cols.get(0).name());
                k = cols.get(0).kind();
                if (field.type().equals("currency") && cols.size() > 1)
                    col = corporate(col, c + "." + Sql.ident(cols.get(1).name()));
            }
            boolean numeric = k == ColumnKind.LONG || k == ColumnKind.DECIMAL;
            boolean ordered = numeric || k == ColumnKind.DATE || k == ColumnKind.DATETIME;
            if ((r.function().equals("sum") || r.function().equals("avg")) ? !numeric : !ordered) {
                throw new FormulaException(
                        0,
                        r.function() + " needs a " + (numeric ? "" : "number") + " field; " + field.name() + " is "
                                + field.type());
            }
            agg = switch (r.function()) {
                case "sum" -> "coalesce(sum(" + col + "), 0)::numeric";
                case "avg" -> "avg(" + col + ")::numeric";
                default -> r.function() + "(" + col + ")";
            };
            type = numeric || r.function().equals("avg")
                    ? Type.NUMBER
                    : k == ColumnKind.DATE ? Type.DATE : Type.DATETIME;
        }
        String filter = "";
        if (r.filter() != null) {
            try {
                filter = " AND ("
                        + new QueryCompiler(types)
                                .inlineCondition(
                                        schema,
                                        dev.atrium.metadata.model.MetadataSnapshot.of(0, java.util.List.of(child)),
                                        child,
                                        r.filter(),
                                        c,
                                        java.time.LocalDate.now(java.time.ZoneOffset.UTC))
                        + ")";
            } catch (FilterException e) {
                throw new FormulaException(Math.max(0, e.position()), "the roll-up filter: " + e.getMessage());
            }
        }
        return new Compiled(
                "(SELECT " + agg + " FROM " + Sql.table(schema, child.name()) + " " + c + " WHERE " + join + " AND " + c
                        + ".\"deleted_at\" IS NULL" + filter + readable(child, c) + ")",
                type);
    }

    /**
     * An amount in the organisation's corporate currency, converted at today's rate of its own currency
     * (units of it for one corporate unit, the latest rate in effect); null, and so left out of sums and
     * averages, when its currency has no rate yet. Without a corporate currency the amount as stored.
     */
    String corporate(String amount, String currency) {
        String settings = "(SELECT s.\"tenant_id\", s.\"corporate\" FROM atrium.currency_settings s JOIN"
                + " atrium.tenants t ON t.\"id\" = s.\"tenant_id\" WHERE t.\"schema_name\" = " + Sql.literal(schema)
                + ")";
        return "(SELECT CASE WHEN cs.\"corporate\" IS NULL OR " + currency + " = cs.\"corporate\" THEN " + amount
                + " ELSE " + amount + " / (SELECT x.\"rate\" FROM atrium.exchange_rates x WHERE x.\"tenant_id\" ="
                + " cs.\"tenant_id\" AND x.\"code\" = " + currency + " AND x.\"valid_from\" <= current_date ORDER BY"
                + " x.\"valid_from\" DESC LIMIT 1) END FROM (SELECT 1) one LEFT JOIN " + settings + " cs ON true)";
    }

    Compiled field(EntityDef entity, FieldDef formula, String alias, Set<String> visiting, int[] counter) {
        if (formula.expression() == null) throw new FormulaException(0, "a formula needs an \"expression\"");
        Type wanted = RETURNS.get(formula.returns());
        if (wanted == null)
            throw new FormulaException(
                    0,
                    "\"returns\" must be one of "
                            + String.join(
                                    ", ", RETURNS.keySet().stream().sorted().toList()));
        if (!visiting.add(entity.name() + "." + formula.name())) {
            throw new FormulaException(
                    0, "formula " + formula.name() + " refers to itself through " + String.join(" -> ", visiting));
        }
        Compiled c = new FormulaExpressions(this, entity, alias, visiting, counter)
                .expr(FormulaParser.parse(formula.expression()));
        visiting.remove(entity.name() + "." + formula.name());
        if (c.type() != Type.NULL && c.type() != wanted && wanted != Type.TEXT) {
            throw new FormulaException(
                    0, "the expression gives " + name(c.type()) + " but the formula returns " + formula.returns());
        }
        String cast = switch (wanted) {
            case NUMBER -> "numeric";
            case TEXT -> "text";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case DATETIME -> "timestamptz";
            case NULL -> "text";
        };
        return new Compiled("(" + c.sql() + ")::" + cast, wanted);
    }

    static String text(String value, int pos) {
        if (value.indexOf('\u0000') >= 0) throw new FormulaException(pos, "text may not contain the NUL character");
        return "'" + value.replace("'", "''") + "'::text";
    }

    static String name(Type t) {
        return switch (t) {
            case NUMBER -> "a number";
            case TEXT -> "text";
            case BOOLEAN -> "true/false";
            case DATE -> "a date";
            case DATETIME -> "a date-time";
            case NULL -> "null";
        };
    }
}
