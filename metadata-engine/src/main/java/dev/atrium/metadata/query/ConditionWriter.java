package dev.atrium.metadata.query;

import dev.atrium.metadata.query.Filter.Literal;
import dev.atrium.metadata.types.ColumnKind;
import java.util.ArrayList;
import java.util.List;

/** Writes a checked filter tree as SQL with {@code $n} parameters appended to {@code params}. */
final class ConditionWriter {
    private final PathResolver paths;
    private final Literals literals;
    private final List<Object> params;
    private final boolean inline;

    ConditionWriter(PathResolver paths, Literals literals, List<Object> params) {
        this(paths, literals, params, false);
    }

    /**
     * @param inline write values as SQL literals instead of parameters (for metadata-defined conditions embedded in
     * expressions)
     */
    ConditionWriter(PathResolver paths, Literals literals, List<Object> params, boolean inline) {
        this.paths = paths;
        this.literals = literals;
        this.params = params;
        this.inline = inline;
    }

    String write(Filter f) {
        return switch (f) {
            case Filter.And a -> join(a.parts(), " AND ");
            case Filter.Or o -> join(o.parts(), " OR ");
            case Filter.Not n -> "NOT (" + write(n.inner()) + ")";
            case Filter.IsNull n -> {
                Resolved r = paths.resolve(n.path(), "filter", n.position(), true);
                yield r.sql() + (n.negated() ? " IS NOT NULL" : " IS NULL");
            }
            case Filter.Like l -> {
                Resolved r = paths.resolve(l.path(), "filter", l.position(), true);
                if (r.kind() != ColumnKind.TEXT)
                    throw new FilterException(
                            "filter", l.position(), "\"like\" works on text fields; \"" + l.path() + "\" is not text");
                yield r.sql() + (l.negated() ? " NOT ILIKE " : " ILIKE ") + bind(l.pattern());
            }
            case Filter.In in -> in(in);
            case Filter.Compare c -> compare(c);
        };
    }

    private String join(List<Filter> parts, String op) {
        List<String> out = new ArrayList<>();
        for (Filter p : parts) out.add(write(p));
        return "(" + String.join(op, out) + ")";
    }

    private String in(Filter.In in) {
        Resolved r = paths.resolve(in.path(), "filter", in.position(), true);
        List<Object> values = new ArrayList<>();
        for (Literal l : in.values()) {
            Object v = literals.convert(l, r, in.position());
            if (v instanceof Literals.Range)
                throw new FilterException("filter", in.position(), "\"in\" takes single values, not date ranges");
            values.add(v);
        }
        Object array = Literals.typedArray(r.kind(), values);
        String test = r.kind() == ColumnKind.TEXT_ARRAY
                ? r.sql() + " && " + bind(array)
                : r.sql() + " = ANY(" + bind(array) + ")";
        return in.negated() ? "NOT (" + test + ")" : test;
    }

    private String compare(Filter.Compare c) {
        Resolved r = paths.resolve(c.path(), "filter", c.position(), true);
        if (c.value() instanceof Filter.Null) {
            throw new FilterException(
                    "filter", c.position(), "compare with null using \"" + c.path() + " is null\" or \"is not null\"");
        }
        Object v = literals.convert(c.value(), r, c.position());
        if (r.kind() == ColumnKind.TEXT_ARRAY) {
            return switch (c.op()) {
                case "=" -> bind(v) + " = ANY(" + r.sql() + ")";
                case "!=" -> "NOT (" + bind(v) + " = ANY(coalesce(" + r.sql() + ", '{}')))";
                default ->
                    throw new FilterException(
                            "filter",
                            c.position(),
                            "\"" + c.path() + "\" holds several values; use = 'x', != 'x' or in ('x', 'y')");
            };
        }
        if (!r.kind().ordered() && !c.op().equals("=") && !c.op().equals("!=")) {
            throw new FilterException(
                    "filter", c.position(), "\"" + c.op() + "\" does not apply to \"" + c.path() + "\"; use = or !=");
        }
        if (v instanceof Literals.Range range) {
            // bind only the bounds the comparison uses: an unused parameter fails the whole statement
            return switch (c.op()) {
                case "=" ->
                    "(" + r.sql() + " >= " + bind(range.from()) + " AND " + r.sql() + " < " + bind(range.to()) + ")";
                case "!=" ->
                    "NOT (" + r.sql() + " >= " + bind(range.from()) + " AND " + r.sql() + " < " + bind(range.to())
                            + ")";
                case ">" -> r.sql() + " >= " + bind(range.to());
                case ">=" -> r.sql() + " >= " + bind(range.from());
                case "<" -> r.sql() + " < " + bind(range.from());
                case "<=" -> r.sql() + " < " + bind(range.to());
                default -> throw new IllegalStateException(c.op());
            };
        }
        if (c.op().equals("!=")) return r.sql() + " IS DISTINCT FROM " + bind(v);
        return r.sql() + " " + c.op() + " " + bind(v);
    }

    private String bind(Object value) {
        if (inline) return SqlLiterals.of(value);
        params.add(value);
        return "$" + params.size();
    }
}
