package dev.atrium.metadata.query;

import dev.atrium.metadata.formula.Formula;
import dev.atrium.metadata.formula.FormulaException;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.query.FormulaCompiler.Compiled;
import dev.atrium.metadata.query.FormulaCompiler.Type;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles one formula expression (the parsed tree) to SQL over the row {@code alias} of {@code entity},
 * checking types as it goes: the language's operators and functions, lookup paths as scalar subqueries
 * and formulas used by other formulas. Part of one {@link FormulaCompiler} run; not thread-safe.
 */
final class FormulaExpressions {
    private final FormulaCompiler compiler;
    final EntityDef entity;
    final String alias;
    final Set<String> visiting;
    final int[] counter;

    FormulaExpressions(FormulaCompiler compiler, EntityDef entity, String alias, Set<String> visiting, int[] counter) {
        this.compiler = compiler;
        this.entity = entity;
        this.alias = alias;
        this.visiting = visiting;
        this.counter = counter;
    }

    Compiled expr(Formula f) {
        return switch (f) {
            case Formula.Num n -> new Compiled(n.value().toPlainString() + "::numeric", Type.NUMBER);
            case Formula.Str s -> new Compiled(FormulaCompiler.text(s.value(), s.pos()), Type.TEXT);
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
        EntityDef target = compiler.entities.apply(lookup.target());
        if (target == null) throw new FormulaException(r.pos(), "\"" + lookup.target() + "\" is not an entity");
        String next = "f" + (++counter[0]);
        Compiled inner = path(target, next, parts, i + 1, r);
        return new Compiled(
                "(SELECT " + inner.sql() + " FROM " + Sql.table(compiler.schema, target.name()) + " " + next + " WHERE "
                        + next + ".\"id\" = " + a + "." + Sql.ident(lookup.name()) + " AND " + next
                        + ".\"deleted_at\" IS NULL" + compiler.readable(target, next) + ")",
                inner.type());
    }

    private Compiled leaf(EntityDef e, String a, String name, Formula.Ref r) {
        if (FormulaCompiler.SYSTEM_TEXT.contains(name))
            return new Compiled(a + "." + Sql.ident(name) + "::text", Type.TEXT);
        if (name.equals("created_at") || name.equals("updated_at"))
            return new Compiled(a + "." + Sql.ident(name), Type.DATETIME);
        FieldDef f = e.field(name)
                .orElseThrow(() -> new FormulaException(r.pos(), "\"" + r.path() + "\" is not a field of " + e.name()));
        if (f.type().equals("formula")) return compiler.field(e, f, a, visiting, counter);
        if (f.type().equals("rollup")) return compiler.rollup(e, f, a, counter);
        List<Column> cols = compiler.types.require(f.type()).columns(f);
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
            return new Compiled("(-" + need(x, Type.NUMBER, u.pos(), "\"-\"").sql() + ")", Type.NUMBER);
        return new Compiled("(NOT " + need(x, Type.BOOLEAN, u.pos(), "\"not\"").sql() + ")", Type.BOOLEAN);
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
                        "(coalesce((" + l.sql() + ")::text, '') || coalesce((" + r.sql() + ")::text, ''))", Type.TEXT);
            }
            case "=", "!=", "<", "<=", ">", ">=" -> {
                if (l.type() != r.type() && l.type() != Type.NULL && r.type() != Type.NULL) {
                    throw new FormulaException(
                            b.pos(),
                            "cannot compare " + FormulaCompiler.name(l.type()) + " with "
                                    + FormulaCompiler.name(r.type()));
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
                            "(extract(epoch FROM (" + l.sql() + " - " + r.sql() + ")) / 86400)::numeric", Type.NUMBER);
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
                    throw new FormulaException(p, "CASE takes a value, then pairs of match and result, then a default");
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
                yield new Compiled(c.function().toLowerCase() + "(" + a.get(0).sql() + "::text)", Type.TEXT);
            }
            case "LEFT", "RIGHT" -> {
                args(c, 2);
                yield new Compiled(
                        c.function().toLowerCase() + "(" + a.get(0).sql() + "::text, ("
                                + need(a.get(1), Type.NUMBER, p, c.function()).sql() + ")::int)",
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
            case "DATEVALUE" -> {
                // the day of a date-time, in UTC (as relative dates count days)
                args(c, 1);
                if (a.get(0).type() == Type.DATE) yield a.get(0);
                yield new Compiled(
                        "(" + need(a.get(0), Type.DATETIME, p, "DATEVALUE").sql() + " AT TIME ZONE 'UTC')::date",
                        Type.DATE);
            }
            case "ADDDAYS" -> {
                args(c, 2);
                need(a.get(1), Type.NUMBER, p, "ADDDAYS");
                if (a.get(0).type() == Type.DATE)
                    yield new Compiled("(" + a.get(0).sql() + " + (" + a.get(1).sql() + ")::int)", Type.DATE);
                yield new Compiled(
                        "(" + need(a.get(0), Type.DATETIME, p, "ADDDAYS").sql() + " + ("
                                + a.get(1).sql() + ") * interval '1 day')",
                        Type.DATETIME);
            }
            default ->
                throw new FormulaException(
                        p,
                        "unknown function " + c.function()
                                + " (known: IF, CASE, ISBLANK, BLANKVALUE, TODAY, NOW, ROUND, ABS, MIN, MAX, "
                                + "LEN, UPPER, LOWER, TRIM, LEFT, RIGHT, TEXT, YEAR, MONTH, DAY, ADDDAYS, DATEVALUE)");
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
            throw new FormulaException(
                    pos, what + " needs " + FormulaCompiler.name(t) + ", not " + FormulaCompiler.name(x.type()));
        return x;
    }

    private Type same(Compiled a, Compiled b, int pos, String what) {
        if (a.type() == Type.NULL) return b.type();
        if (b.type() == Type.NULL || a.type() == b.type()) return a.type();
        throw new FormulaException(
                pos, what + " mixes " + FormulaCompiler.name(a.type()) + " and " + FormulaCompiler.name(b.type()));
    }
}
