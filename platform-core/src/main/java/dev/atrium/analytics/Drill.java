package dev.atrium.analytics;

import dev.atrium.metadata.query.ReportCompiler.Compiled;
import dev.atrium.metadata.query.ReportCompiler.Dim;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The filter, in the filter language, that lists a group's records through the records API: the report's
 * filter, the run's dashboard filters, and one condition per grouping (a date bucket as the range of its
 * days, in the run's time zone for date-times; an empty group as "is null").
 */
final class Drill {
    private final Compiled compiled;
    private final String base;
    private final ReportRunner.Run run;

    Drill(Compiled compiled, String base, ReportRunner.Run run) {
        this.compiled = compiled;
        this.base = base;
        this.run = run;
    }

    String filter(Object[] keys, boolean[] present) {
        List<String> parts = new ArrayList<>();
        if (base != null && !base.isBlank()) parts.add("(" + base + ")");
        if (run.extraFilter() != null && !run.extraFilter().isBlank()) parts.add("(" + run.extraFilter() + ")");
        for (int i = 0; i < keys.length; i++) {
            if (!present[i]) continue;
            Dim d = compiled.dims().get(i);
            String path = d.group().field();
            Object k = keys[i];
            if (k == null) {
                parts.add(path + " is null");
            } else if (d.group().bucket() != null && k instanceof LocalDate start) {
                LocalDate end = end(start, d.group().bucket());
                parts.add(path + " >= " + bound(start, d) + " and " + path + " < " + bound(end, d));
            } else {
                parts.add(path + " = " + literal(k));
            }
        }
        return String.join(" and ", parts);
    }

    private String bound(LocalDate day, Dim d) {
        boolean datetime = d.field() != null
                ? d.field().type().equals("datetime")
                : d.group().field().endsWith("_at");
        return datetime ? day.atStartOfDay(run.zone()).toOffsetDateTime().toString() : day.toString();
    }

    static LocalDate end(LocalDate start, String bucket) {
        return switch (bucket) {
            case "day" -> start.plusDays(1);
            case "week" -> start.plusWeeks(1);
            case "month" -> start.plusMonths(1);
            case "quarter", "fiscal_quarter" -> start.plusMonths(3);
            default -> start.plusYears(1);
        };
    }

    static String literal(Object k) {
        return switch (k) {
            case BigDecimal b -> b.toPlainString();
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case LocalDate d -> d.toString();
            case UUID u -> "'" + u + "'";
            default -> "'" + String.valueOf(k).replace("'", "''") + "'";
        };
    }
}
