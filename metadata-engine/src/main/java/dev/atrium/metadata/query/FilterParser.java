package dev.atrium.metadata.query;

import dev.atrium.metadata.query.Filter.Literal;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the filter language (see docs/reference/filters.md):
 * <pre>
 * expr    := and ("or" and)*
 * and     := unary ("and" unary)*
 * unary   := "not" unary | "(" expr ")" | test
 * test    := path op literal | path "is" ["not"] "null" | path ["not"] "in" "(" literal ("," literal)* ")"
 *          | path ["not"] "like" string
 * </pre>
 * Recursive descent, no backtracking; nesting is capped so a hostile filter cannot exhaust the stack.
 */
public final class FilterParser {
    private static final int MAX_LENGTH = 4000;
    private static final int MAX_DEPTH = 32;
    private static final Pattern RELATIVE =
            Pattern.compile("^(today|yesterday|tomorrow|this_week|this_month|last_month|this_year|last_n_days|"
                    + "next_n_days)(?::(\\d{1,4}))?$");
    private static final Set<String> NEEDS_N = Set.of("last_n_days", "next_n_days");

    private final String src;
    private int pos;
    private int depth;

    private FilterParser(String src) {
        this.src = src;
    }

    public static Filter parse(String filter) {
        if (filter.length() > MAX_LENGTH)
            throw new FilterException("filter", MAX_LENGTH, "filter is longer than " + MAX_LENGTH + " characters");
        FilterParser p = new FilterParser(filter);
        Filter f = p.or();
        p.skipSpace();
        if (p.pos < filter.length())
            throw p.error("unexpected \"" + p.rest() + "\"; expected \"and\", \"or\" or the end");
        return f;
    }

    private Filter or() {
        List<Filter> parts = new ArrayList<>();
        parts.add(and());
        while (keyword("or")) parts.add(and());
        return parts.size() == 1 ? parts.get(0) : new Filter.Or(parts);
    }

    private Filter and() {
        List<Filter> parts = new ArrayList<>();
        parts.add(unary());
        while (keyword("and")) parts.add(unary());
        return parts.size() == 1 ? parts.get(0) : new Filter.And(parts);
    }

    private Filter unary() {
        if (++depth > MAX_DEPTH) throw error("filter nests deeper than " + MAX_DEPTH + " levels");
        try {
            if (keyword("not")) return new Filter.Not(unary());
            skipSpace();
            if (peek('(')) {
                pos++;
                Filter inner = or();
                expect(')');
                return inner;
            }
            return test();
        } finally {
            depth--;
        }
    }

    private Filter test() {
        skipSpace();
        int at = pos;
        String path = path();
        if (keyword("is")) {
            boolean not = keyword("not");
            if (!keyword("null")) throw error("expected \"null\" after \"is\"");
            return new Filter.IsNull(path, not, at);
        }
        boolean not = keyword("not");
        if (keyword("in")) {
            expect('(');
            List<Literal> values = new ArrayList<>();
            do {
                values.add(literal());
                skipSpace();
            } while (peek(',') && pos++ >= 0);
            expect(')');
            if (values.size() > 1000) throw error("\"in\" takes at most 1000 values");
            return new Filter.In(path, values, not, at);
        }
        if (keyword("like")) {
            Literal l = literal();
            if (!(l instanceof Filter.Text t)) throw error("\"like\" needs a quoted pattern such as 'Acme%'");
            return new Filter.Like(path, t.value(), not, at);
        }
        if (not) throw error("expected \"in\" or \"like\" after \"not\"");
        String op = operator();
        return new Filter.Compare(path, op, literal(), at);
    }

    private String path() {
        skipSpace();
        int start = pos;
        while (pos < src.length()
                && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_' || src.charAt(pos) == '.'))
            pos++;
        if (start == pos) throw error("expected a field name");
        String p = src.substring(start, pos);
        if (!p.matches("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){0,3}$")) {
            pos = start;
            throw error("\"" + p + "\" is not a field name (lower case letters, digits, _, and . for lookups)");
        }
        return p;
    }

    private String operator() {
        skipSpace();
        for (String op : List.of("!=", "<>", "<=", ">=", "=", "<", ">")) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                return op.equals("<>") ? "!=" : op;
            }
        }
        throw error("expected an operator (=, !=, <, <=, >, >=, in, like, is null)");
    }

    private Literal literal() {
        skipSpace();
        if (pos >= src.length()) throw error("expected a value");
        char c = src.charAt(pos);
        if (c == '\'') return new Filter.Text(string());
        int start = pos;
        while (pos < src.length() && !Character.isWhitespace(src.charAt(pos)) && ",()".indexOf(src.charAt(pos)) < 0)
            pos++;
        String word = src.substring(start, pos);
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) return new Filter.Bool(lower.equals("true"));
        if (lower.equals("null")) return new Filter.Null();
        try {
            if (word.matches("^\\d{4}-\\d{2}-\\d{2}$")) return new Filter.Date(LocalDate.parse(word));
            if (word.matches("^\\d{4}-\\d{2}-\\d{2}T.*")) return new Filter.DateTime(OffsetDateTime.parse(word));
        } catch (DateTimeParseException e) {
            pos = start;
            throw error("\"" + word + "\" is not a valid date (YYYY-MM-DD) or date-time (with offset, e.g. Z)");
        }
        if (word.matches("^[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?$")) return new Filter.Number(new BigDecimal(word));
        Matcher m = RELATIVE.matcher(lower);
        if (m.matches()) {
            boolean needsN = NEEDS_N.contains(m.group(1));
            if (needsN != (m.group(2) != null)) {
                pos = start;
                throw error(
                        needsN
                                ? "\"" + m.group(1) + "\" needs a count, e.g. " + m.group(1) + ":30"
                                : "\"" + m.group(1) + "\" takes no count");
            }
            return new Filter.RelativeDate(m.group(1), needsN ? Integer.parseInt(m.group(2)) : 0);
        }
        pos = start;
        throw error("\"" + word
                + "\" is not a value; quote text like 'this', or use a number, true/false, null, a "
                + "date or today/last_n_days:30");
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        int start = pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == '\'') {
                if (pos < src.length() && src.charAt(pos) == '\'') {
                    sb.append('\'');
                    pos++;
                } else {
                    return sb.toString();
                }
            } else {
                sb.append(c);
            }
        }
        pos = start;
        throw error("text starting here is not closed with a quote (write '' for a quote inside text)");
    }

    private boolean keyword(String kw) {
        skipSpace();
        int end = pos + kw.length();
        if (end <= src.length()
                && src.regionMatches(true, pos, kw, 0, kw.length())
                && (end == src.length() || !(Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_'))) {
            pos = end;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        skipSpace();
        if (!peek(c)) throw error("expected \"" + c + "\"");
        pos++;
    }

    private boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
    }

    private String rest() {
        String r = src.substring(pos);
        return r.length() > 20 ? r.substring(0, 20) + "…" : r;
    }

    private FilterException error(String message) {
        return new FilterException("filter", pos, message + " (at character " + (pos + 1) + ")");
    }
}
