package dev.atrium.metadata.query;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A report's run-time parameters, written into its filter as literals of their declared types. */
final class ReportParameters {
    private static final Pattern PARAM = Pattern.compile("(?<![\\w':])\\:([a-z][a-z0-9_]*)");
    private static final Pattern RELATIVE = Pattern.compile("^[a-z_]+(?::\\d{1,4})?$");

    private ReportParameters() {}

    /**
     * The report's filter with its {@code :name} parameters written in as literals of their declared type
     * (the filter compiler then binds them like any literal); a value that is not of the type is refused.
     */
    static String substitute(String filter, ReportDef report, Map<String, String> values) {
        if (filter == null || report.parameters().isEmpty()) return filter;
        Matcher m = PARAM.matcher(filter);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            ReportDef.Param p = report.parameters().stream()
                    .filter(x -> x.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new FilterException("filter", m.start(), ":" + name + " is not a parameter"));
            String given = values == null ? null : values.get(name);
            Object v = given != null && !given.isBlank() ? given : p.defaultValue();
            if (v == null) {
                throw new FilterException("parameters/" + name, -1, "the report needs " + name + " (" + p.type() + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(literal(p, String.valueOf(v), given == null)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String literal(ReportDef.Param p, String v, boolean isDefault) {
        try {
            return switch (p.type()) {
                case "date" ->
                    isDefault && RELATIVE.matcher(v).matches()
                            ? v
                            : LocalDate.parse(v).toString();
                case "number" -> new BigDecimal(v.trim()).toPlainString();
                default -> "'" + v.replace("'", "''") + "'";
            };
        } catch (RuntimeException e) {
            throw new FilterException(
                    "parameters/" + p.name(), -1, "\"" + v + "\" is not a " + p.type() + " for " + p.name());
        }
    }
}
