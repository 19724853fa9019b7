package dev.atrium.metadata.formula;

import dev.atrium.metadata.ddl.Sql;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.query.RowScope;
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
    private static final Set<String> SYSTEM_TEXT = Set.of("id", "owner_id", "created_by", "updated_by");

    private final FieldTypeRegistry types;
    private final Function<String, EntityDef> entities;
    private final String schema;
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
    private String readable(EntityDef e, String alias) {
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
    private Compiled rollup(EntityDef entity, FieldDef f, String alias, int[] counter) {
        var r = f.rollup();
        EntityDef child = entities.apply(r.entity());
        if (child == null) throw new FormulaException(0, "\"" + r.entity() + "\" is not an entity");
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
            List<Column> cols = types.require(field.type()).columns(field);
            if (cols.isEmpty()) throw new FormulaException(0, field.name() + " cannot be aggregated");
            ColumnKind k = cols.get(0).kind();
            boolean numeric = k == ColumnKind.LONG || k == ColumnKind.DECIMAL;
            boolean ordered = numeric || k == ColumnKind.DATE || k == ColumnKind.DATETIME;
            if ((r.function().equals("sum") || r.function().equals("avg")) ? !numeric : !ordered) {
                throw new FormulaException(
                        0,
                        r.function() + " needs a " + (numeric ? "" : "number") + " field; " + field.name() + " is "
                                + field.type());
            }
            String col = c + "." + Sql.ident(cols.get(0).name());
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
                        + new dev.atrium.metadata.query.QueryCompiler(types)
                                .inlineCondition(
                                        schema,
                                        dev.atrium.metadata.model.MetadataSnapshot.of(0, java.util.List.of(child)),
                                        child,
                                        r.filter(),
                                        c,
                                        java.time.LocalDate.now(java.time.ZoneOffset.UTC))
                        + ")";
            } catch (dev.atrium.metadata.query.FilterException e) {
                throw new FormulaException(Math.max(0, e.position()), "the roll-up filter: " + e.getMessage());
            }
        }
        return new Compiled(
                "(SELECT " + agg + " FROM " + Sql.table(schema, child.name()) + " " + c + " WHERE " + join + " AND " + c
                        + ".\"deleted_at\" IS NULL" + filter + readable(child, c) + ")",
                type);
    }

    private Compiled field(EntityDef entity, FieldDef formula, String alias, Set<String> visiting, int[] counter) {
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
        Compiled c = new Context(entity, alias, visiting, counter).expr(FormulaParser.parse(formula.expression()));
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

    private final class Context {
        final EntityDef entity;
        final String alias;
        final Set<String> visiting;
        final int[] counter;

        Context(EntityDef entity, String alias, Set<String> visiting, int[] counter) {
            this.entity = entity;
            this.alias = alias;
            this.visiting = visiting;
            this.counter = counter;
        }

        Compiled expr(Formula f) {
            return switch (f) {
                case Formula.Num n -> new Compiled(n.value().toPlainString() + "::numeric", Type.NUMBER);
                case Formula.Str s -> new Compiled(text(s.value(), s.pos()), Type.TEXT);
                case Formula.Bool b -> new Compiled(b.value() ? "TRUE" : "FALSE", Type.BOOLEAN);
                case Formula.Null n -> new Compiled("NULL", Type.NULL);
                case Formula.Ref r -> ref(r);
                case Formula.Unary u -> unary(u);
                case Formula.Binary b -> binary(b);
                case Formula.Call c -> call(c);
            };
        }

        private Compiled ref(Formula.Ref r) {
            return path(entity, alias, r.path().split("\\."), 0, r);
        }

        /** A path through lookups as nested scalar subqueries (empty when a lookup is empty or deleted). */
        private Compiled path(EntityDef e, String a, String[] parts, int i, Formula.Ref r) {
            if (i == parts.length - 1) return leaf(e, a, parts[i], r);
            FieldDef lookup = e.field(parts[i])
                    .orElseThrow(() -> new FormulaException(
                            r.pos(), "\"" + r.path() + "\": " + parts[i] + " is not a field of " + e.name()));
            if (!lookup.type().equals("lookup") && !lookup.type().equals("master_detail")) {
                throw new FormulaException(
                        r.pos(), "\"" + parts[i] + "\" is not a lookup, so \"" + r.path() + "\" cannot follow it");
            }
            EntityDef target = entities.apply(lookup.target());
            if (target == null) throw new FormulaException(r.pos(), "\"" + lookup.target() + "\" is not an entity");
            String next = "f" + (++counter[0]);
            Compiled inner = path(target, next, parts, i + 1, r);
            return new Compiled(
                    "(SELECT " + inner.sql() + " FROM " + Sql.table(schema, target.name()) + " " + next + " WHERE "
                            + next + ".\"id\" = " + a + "." + Sql.ident(lookup.name()) + " AND " + next
                            + ".\"deleted_at\" IS NULL" + readable(target, next) + ")",
                    inner.type());
        }

        private Compiled leaf(EntityDef e, String a, String name, Formula.Ref r) {
            if (SYSTEM_TEXT.contains(name)) return new Compiled(a + "." + Sql.ident(name) + "::text", Type.TEXT);
            if (name.equals("created_at") || name.equals("updated_at"))
                return new Compiled(a + "." + Sql.ident(name), Type.DATETIME);
            FieldDef f = e.field(name)
                    .orElseThrow(
                            () -> new FormulaException(r.pos(), "\"" + r.path() + "\" is not a field of " + e.name()));
            if (f.type().equals("formula")) return field(e, f, a, visiting, counter);
            List<Column> cols = types.require(f.type()).columns(f);
            if (cols.isEmpty())
                throw new FormulaException(
                        r.pos(), "\"" + r.path() + "\" holds several records and cannot be used in a formula");
            String col = a + "." + Sql.ident(cols.get(0).name());
            return switch (cols.get(0).kind()) {
                case LONG, DECIMAL -> new Compiled(col + "::numeric", Type.NUMBER);
                case BOOLEAN -> new Compiled(col, Type.BOOLEAN);
                case DATE -> new Compiled(col, Type.DATE);
                case DATETIME -> new Compiled(col, Type.DATETIME);
                case TEXT_ARRAY -> new Compiled("array_to_string(" + col + ", ';')", Type.TEXT);
                default -> new Compiled(col + "::text", Type.TEXT);
            };
        }

        private Compiled unary(Formula.Unary u) {
            Compiled x = expr(u.operand());
            if (u.op().equals("-"))
                return new Compiled(
                        "(-" + need(x, Type.NUMBER, u.pos(), "\"-\"").sql() + ")", Type.NUMBER);
            return new Compiled(
                    "(NOT " + need(x, Type.BOOLEAN, u.pos(), "\"not\"").sql() + ")", Type.BOOLEAN);
        }

        private Compiled binary(Formula.Binary b) {
            Compiled l = expr(b.left());
            Compiled r = expr(b.right());
            String op = b.op();
            switch (op) {
                case "and", "or" -> {
                    need(l, Type.BOOLEAN, b.pos(), op);
                    need(r, Type.BOOLEAN, b.pos(), op);
                    return new Compiled("(" + l.sql() + " " + op.toUpperCase() + " " + r.sql() + ")", Type.BOOLEAN);
                }
                case "&" -> {
                    return new Compiled(
                            "(coalesce((" + l.sql() + ")::text, '') || coalesce((" + r.sql() + ")::text, ''))",
                            Type.TEXT);
                }
                case "=", "!=", "<", "<=", ">", ">=" -> {
                    if (l.type() != r.type() && l.type() != Type.NULL && r.type() != Type.NULL) {
                        throw new FormulaException(
                                b.pos(), "cannot compare " + name(l.type()) + " with " + name(r.type()));
                    }
                    String sqlOp = op.equals("!=")
                            ? " IS DISTINCT FROM "
                            : op.equals("=") ? " IS NOT DISTINCT FROM " : " " + op + " ";
                    return new Compiled("(" + l.sql() + sqlOp + r.sql() + ")", Type.BOOLEAN);
                }
                case "+" -> {
                    if (l.type() == Type.DATE && r.type() == Type.NUMBER)
                        return new Compiled("(" + l.sql() + " + (" + r.sql() + ")::int)", Type.DATE);
                    if (l.type() == Type.DATETIME && r.type() == Type.NUMBER)
                        return new Compiled("(" + l.sql() + " + (" + r.sql() + ") * interval '1 day')", Type.DATETIME);
                    return arithmetic(l, r, "+", b.pos());
                }
                case "-" -> {
                    if (l.type() == Type.DATE && r.type() == Type.DATE)
                        return new Compiled("((" + l.sql() + " - " + r.sql() + ")::numeric)", Type.NUMBER);
                    if (l.type() == Type.DATE && r.type() == Type.NUMBER)
                        return new Compiled("(" + l.sql() + " - (" + r.sql() + ")::int)", Type.DATE);
                    if (l.type() == Type.DATETIME && r.type() == Type.DATETIME) {
                        return new Compiled(
                                "(extract(epoch FROM (" + l.sql() + " - " + r.sql() + ")) / 86400)::numeric",
                                Type.NUMBER);
                    }
                    return arithmetic(l, r, "-", b.pos());
                }
                case "*" -> {
                    return arithmetic(l, r, "*", b.pos());
                }
                case "/" -> {
                    need(l, Type.NUMBER, b.pos(), "\"/\"");
                    need(r, Type.NUMBER, b.pos(), "\"/\"");
                    return new Compiled("(" + l.sql() + " / nullif(" + r.sql() + ", 0))", Type.NUMBER);
                }
                default -> throw new FormulaException(b.pos(), "unknown operator " + op);
            }
        }

        private Compiled arithmetic(Compiled l, Compiled r, String op, int pos) {
            need(l, Type.NUMBER, pos, "\"" + op + "\"");
            need(r, Type.NUMBER, pos, "\"" + op + "\"");
            return new Compiled("(" + l.sql() + " " + op + " " + r.sql() + ")", Type.NUMBER);
        }

        private Compiled call(Formula.Call c) {
            List<Compiled> a = new ArrayList<>();
            for (Formula arg : c.args()) a.add(expr(arg));
            int p = c.pos();
            return switch (c.function()) {
                case "IF" -> {
                    args(c, 3);
                    need(a.get(0), Type.BOOLEAN, p, "IF's condition");
                    Type t = same(a.get(1), a.get(2), p, "IF");
                    yield new Compiled(
                            "(CASE WHEN " + a.get(0).sql() + " THEN " + a.get(1).sql() + " ELSE "
                                    + a.get(2).sql() + " END)",
                            t);
                }
                case "CASE" -> {
                    if (a.size() < 4 || a.size() % 2 != 0)
                        throw new FormulaException(
                                p, "CASE takes a value, then pairs of match and result, then a default");
                    StringBuilder sb = new StringBuilder("(CASE " + a.get(0).sql());
                    Type t = a.get(a.size() - 1).type();
                    for (int i = 1; i < a.size() - 1; i += 2) {
                        if (a.get(i).type() != a.get(0).type() && a.get(i).type() != Type.NULL)
                            throw new FormulaException(p, "CASE matches must have the value's type");
                        t = same(a.get(i + 1), new Compiled("", t), p, "CASE");
                        sb.append(" WHEN ")
                                .append(a.get(i).sql())
                                .append(" THEN ")
                                .append(a.get(i + 1).sql());
                    }
                    yield new Compiled(
                            sb.append(" ELSE ")
                                    .append(a.get(a.size() - 1).sql())
                                    .append(" END)")
                                    .toString(),
                            t);
                }
                case "ISBLANK" -> {
                    args(c, 1);
                    yield new Compiled(
                            a.get(0).type() == Type.TEXT
                                    ? "(coalesce(" + a.get(0).sql() + ", '') = '')"
                                    : "(" + a.get(0).sql() + " IS NULL)",
                            Type.BOOLEAN);
                }
                case "BLANKVALUE" -> {
                    args(c, 2);
                    yield new Compiled(
                            "coalesce(" + a.get(0).sql() + ", " + a.get(1).sql() + ")",
                            same(a.get(0), a.get(1), p, "BLANKVALUE"));
                }
                case "TODAY" -> {
                    args(c, 0);
                    yield new Compiled("CURRENT_DATE", Type.DATE);
                }
                case "NOW" -> {
                    args(c, 0);
                    yield new Compiled("now()", Type.DATETIME);
                }
                case "ROUND" -> {
                    args(c, 2);
                    yield new Compiled(
                            "round(" + need(a.get(0), Type.NUMBER, p, "ROUND").sql() + ", ("
                                    + need(a.get(1), Type.NUMBER, p, "ROUND").sql() + ")::int)",
                            Type.NUMBER);
                }
                case "ABS" -> {
                    args(c, 1);
                    yield new Compiled(
                            "abs(" + need(a.get(0), Type.NUMBER, p, "ABS").sql() + ")", Type.NUMBER);
                }
                case "MIN", "MAX" -> {
                    if (a.isEmpty()) throw new FormulaException(p, c.function() + " needs values");
                    Type t = a.get(0).type();
                    for (Compiled x : a) t = same(x, new Compiled("", t), p, c.function());
                    yield new Compiled(
                            (c.function().equals("MIN") ? "least(" : "greatest(")
                                    + String.join(
                                            ", ", a.stream().map(Compiled::sql).toList()) + ")",
                            t);
                }
                case "LEN" -> {
                    args(c, 1);
                    yield new Compiled("length(" + a.get(0).sql() + "::text)", Type.NUMBER);
                }
                case "UPPER", "LOWER", "TRIM" -> {
                    args(c, 1);
                    yield new Compiled(
                            c.function().toLowerCase() + "(" + a.get(0).sql() + "::text)", Type.TEXT);
                }
                case "LEFT", "RIGHT" -> {
                    args(c, 2);
                    yield new Compiled(
                            c.function().toLowerCase() + "(" + a.get(0).sql() + "::text, ("
                                    + need(a.get(1), Type.NUMBER, p, c.function())
                                            .sql() + ")::int)",
                            Type.TEXT);
                }
                case "TEXT" -> {
                    args(c, 1);
                    yield new Compiled("(" + a.get(0).sql() + ")::text", Type.TEXT);
                }
                case "YEAR", "MONTH", "DAY" -> {
                    args(c, 1);
                    if (a.get(0).type() != Type.DATE && a.get(0).type() != Type.DATETIME)
                        throw new FormulaException(p, c.function() + " needs a date");
                    yield new Compiled(
                            "extract(" + c.function() + " FROM " + a.get(0).sql() + ")::numeric", Type.NUMBER);
                }
                case "ADDDAYS" -> {
                    args(c, 2);
                    need(a.get(1), Type.NUMBER, p, "ADDDAYS");
                    if (a.get(0).type() == Type.DATE)
                        yield new Compiled(
                                "(" + a.get(0).sql() + " + (" + a.get(1).sql() + ")::int)", Type.DATE);
                    yield new Compiled(
                            "(" + need(a.get(0), Type.DATETIME, p, "ADDDAYS").sql() + " + ("
                                    + a.get(1).sql() + ") * interval '1 day')",
                            Type.DATETIME);
                }
                default ->
                    throw new FormulaException(
                            p,
                            "unknown function " + c.function()
                                    + " (known: IF, CASE, ISBLANK, BLANKVALUE, TODAY, NOW, ROUND, ABS, MIN, MAX, LEN, UPPER, LOWER, TRIM, LEFT, RIGHT, TEXT, YEAR, MONTH, DAY, ADDDAYS)");
            };
        }

        private void args(Formula.Call c, int n) {
            if (c.args().size() != n)
                throw new FormulaException(
                        c.pos(),
                        c.function() + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", not "
                                + c.args().size());
        }

        private Compiled need(Compiled x, Type t, int pos, String what) {
            if (x.type() != t && x.type() != Type.NULL)
                throw new FormulaException(pos, what + " needs " + name(t) + ", not " + name(x.type()));
            return x;
        }

        private Type same(Compiled a, Compiled b, int pos, String what) {
            if (a.type() == Type.NULL) return b.type();
            if (b.type() == Type.NULL || a.type() == b.type()) return a.type();
            throw new FormulaException(pos, what + " mixes " + name(a.type()) + " and " + name(b.type()));
        }
    }

    private static String text(String value, int pos) {
        if (value.indexOf('\u0000') >= 0) throw new FormulaException(pos, "text may not contain the NUL character");
        return "'" + value.replace("'", "''") + "'::text";
    }

    private static String name(Type t) {
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
