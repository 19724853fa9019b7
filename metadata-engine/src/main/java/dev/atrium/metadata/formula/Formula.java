package dev.atrium.metadata.formula;

import java.math.BigDecimal;
import java.util.List;

/** The formula language's syntax tree; {@code pos} is the 0-based offset in the expression. */
public sealed interface Formula {
    int pos();

    record Num(BigDecimal value, int pos) implements Formula {}

    record Str(String value, int pos) implements Formula {}

    record Bool(boolean value, int pos) implements Formula {}

    record Null(int pos) implements Formula {}

    /** A field of the entity, or a path through lookups ({@code account.owner_name}). */
    record Ref(String path, int pos) implements Formula {}

    record Unary(String op, Formula operand, int pos) implements Formula {}

    record Binary(String op, Formula left, Formula right, int pos) implements Formula {}

    record Call(String function, List<Formula> args, int pos) implements Formula {}
}
