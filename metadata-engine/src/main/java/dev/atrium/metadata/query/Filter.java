package dev.atrium.metadata.query;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** The filter language's syntax tree. Built by {@link FilterParser}; checked and compiled by {@link QueryCompiler}. */
public sealed interface Filter {
    record And(List<Filter> parts) implements Filter {}

    record Or(List<Filter> parts) implements Filter {}

    record Not(Filter inner) implements Filter {}

    /** {@code path op literal}; op is one of = != &lt; &lt;= &gt; &gt;=. */
    record Compare(String path, String op, Literal value, int position) implements Filter {}

    record IsNull(String path, boolean negated, int position) implements Filter {}

    record In(String path, List<Literal> values, boolean negated, int position) implements Filter {}

    /** Case-insensitive pattern match: {@code %} any run of characters, {@code _} one character. */
    record Like(String path, String pattern, boolean negated, int position) implements Filter {}

    /** Literal values as written. */
    sealed interface Literal {}

    record Text(String value) implements Literal {}

    record Number(BigDecimal value) implements Literal {}

    record Bool(boolean value) implements Literal {}

    record Null() implements Literal {}

    record Date(LocalDate value) implements Literal {}

    record DateTime(OffsetDateTime value) implements Literal {}

    /**
     * A date range relative to today: {@code today}, {@code yesterday}, {@code tomorrow},
     * {@code last_n_days:N}, {@code next_n_days:N}, {@code this_week}, {@code this_month},
     * {@code last_month}, {@code this_year}.
     */
    record RelativeDate(String name, int n) implements Literal {}
}
