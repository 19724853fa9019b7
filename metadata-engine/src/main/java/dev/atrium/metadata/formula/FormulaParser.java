package dev.atrium.metadata.formula;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses formula expressions (docs/reference/formulas.md):
 * <pre>
 * expr   := or
 * or     := and (("or" | "||") and)*
 * and    := not (("and" | "&&") not)*
 * not    := ("not" | "!") not | cmp
 * cmp    := concat (("=" | "==" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") concat)?
 * concat := sum ("&amp;" sum)*
 * sum    := term (("+" | "-") term)*
 * term   := unary (("*" | "/") unary)*
 * unary  := "-" unary | atom
 * atom   := number | 'text' | "text" | true | false | null | NAME "(" args ")" | path | "(" expr ")"
 * </pre>
 */
public final class FormulaParser {
    private static final int MAX_LENGTH = 4000;
    private static final int MAX_DEPTH = 40;
    private final String src;
    private int pos;
    private int depth;

    private FormulaParser(String src) {
        this.src = src;
    }

    public static Formula parse(String expression) {
        if (expression.length() > MAX_LENGTH)
            throw new FormulaException(MAX_LENGTH, "the expression is longer than " + MAX_LENGTH + " characters");
        FormulaParser p = new FormulaParser(expression);
        Formula f = p.or();
        p.space();
        if (p.pos < expression.length())
            throw new FormulaException(p.pos, "unexpected \"" + expression.charAt(p.pos) + "\"");
        return f;
    }

    private Formula or() {
        Formula left = and();
        while (true) {
            int at = pos;
            if (word("or") || symbol("||")) left = new Formula.Binary("or", left, and(), at);
            else return left;
        }
    }

    private Formula and() {
        Formula left = not();
        while (true) {
            int at = pos;
            if (word("and") || symbol("&&")) left = new Formula.Binary("and", left, not(), at);
            else return left;
        }
    }

    private Formula not() {
        int at = pos;
        if (word("not") || (peekSymbol("!") && !peekSymbol("!=") && symbol("!")))
            return new Formula.Unary("not", nested(this::not), at);
        return cmp();
    }

    private Formula cmp() {
        Formula left = concat();
        space();
        int at = pos;
        for (String op : List.of("==", "!=", "<>", "<=", ">=", "=", "<", ">")) {
            if (symbol(op)) {
                String norm = op.equals("==") ? "=" : op.equals("<>") ? "!=" : op;
                return new Formula.Binary(norm, left, concat(), at);
            }
        }
        return left;
    }

    private Formula concat() {
        Formula left = sum();
        while (true) {
            int at = pos;
            if (peekSymbol("&") && !peekSymbol("&&") && symbol("&")) left = new Formula.Binary("&", left, sum(), at);
            else return left;
        }
    }

    private Formula sum() {
        Formula left = term();
        while (true) {
            int at = pos;
            if (symbol("+")) left = new Formula.Binary("+", left, term(), at);
            else if (symbol("-")) left = new Formula.Binary("-", left, term(), at);
            else return left;
        }
    }

    private Formula term() {
        Formula left = unary();
        while (true) {
            int at = pos;
            if (symbol("*")) left = new Formula.Binary("*", left, unary(), at);
            else if (symbol("/")) left = new Formula.Binary("/", left, unary(), at);
            else return left;
        }
    }

    private Formula unary() {
        int at = pos;
        if (symbol("-")) return new Formula.Unary("-", nested(this::unary), at);
        return atom();
    }

    private Formula atom() {
        space();
        int at = pos;
        if (pos >= src.length()) throw new FormulaException(pos, "the expression ends too early");
        char c = src.charAt(pos);
        if (c == '(') {
            pos++;
            Formula inner = nested(this::or);
            expect(')');
            return inner;
        }
        if (c == '\'' || c == '"') return new Formula.Str(string(c), at);
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            int start = pos;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) pos++;
            try {
                return new Formula.Num(new BigDecimal(src.substring(start, pos)), at);
            } catch (NumberFormatException e) {
                throw new FormulaException(start, "\"" + src.substring(start, pos) + "\" is not a number");
            }
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < src.length()
                    && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_' || src.charAt(pos) == '.'))
                pos++;
            String name = src.substring(start, pos);
            String lower = name.toLowerCase(Locale.ROOT);
            space();
            if (pos < src.length() && src.charAt(pos) == '(') {
                pos++;
                List<Formula> args = new ArrayList<>();
                space();
                if (pos < src.length() && src.charAt(pos) == ')') {
                    pos++;
                } else {
                    do {
                        args.add(nested(this::or));
                        space();
                    } while (pos < src.length() && src.charAt(pos) == ',' && pos++ >= 0);
                    expect(')');
                }
                return new Formula.Call(name.toUpperCase(Locale.ROOT), args, at);
            }
            switch (lower) {
                case "true":
                    return new Formula.Bool(true, at);
                case "false":
                    return new Formula.Bool(false, at);
                case "null":
                    return new Formula.Null(at);
                default:
                    if (!name.matches("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){0,3}$")) {
                        throw new FormulaException(
                                start,
                                "\"" + name
                                        + "\" is not a field name (lower case letters, digits, _ and . for lookups)");
                    }
                    return new Formula.Ref(name, at);
            }
        }
        throw new FormulaException(pos, "unexpected \"" + c + "\"");
    }

    private Formula nested(java.util.function.Supplier<Formula> inner) {
        if (++depth > MAX_DEPTH)
            throw new FormulaException(pos, "the expression nests deeper than " + MAX_DEPTH + " levels");
        try {
            return inner.get();
        } finally {
            depth--;
        }
    }

    private String string(char quote) {
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == quote) {
                if (pos < src.length() && src.charAt(pos) == quote) {
                    sb.append(quote);
                    pos++;
                } else {
                    return sb.toString();
                }
            } else {
                sb.append(c);
            }
        }
        throw new FormulaException(start, "text starting here is not closed");
    }

    private boolean word(String w) {
        space();
        int end = pos + w.length();
        if (end <= src.length()
                && src.regionMatches(true, pos, w, 0, w.length())
                && (end == src.length() || !(Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_'))) {
            pos = end;
            return true;
        }
        return false;
    }

    private boolean peekSymbol(String s) {
        space();
        return src.startsWith(s, pos);
    }

    private boolean symbol(String s) {
        if (peekSymbol(s)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    private void expect(char c) {
        space();
        if (pos >= src.length() || src.charAt(pos) != c) throw new FormulaException(pos, "expected \"" + c + "\"");
        pos++;
    }

    private void space() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
    }
}
