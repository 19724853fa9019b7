package dev.atrium.metadata.validate;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.query.FieldVisibility;
import dev.atrium.metadata.query.FilterException;
import dev.atrium.metadata.query.ReportCompiler;
import dev.atrium.metadata.query.ReportDef;
import dev.atrium.metadata.query.RowScope;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reports and dashboards checked at deployment: each report compiled exactly as a run compiles it (with
 * every field visible and its parameters at their defaults, or a sample value), names unique, sorts and
 * charts naming aggregates the report has, dashboard components naming reports that exist.
 */
final class AnalyticsChecks {
    private AnalyticsChecks() {}

    static void check(String doc, EntityDef e, MetadataSnapshot all, FieldTypeRegistry types, List<Problem> out) {
        ReportCompiler compiler = new ReportCompiler(types);
        Set<String> names = new HashSet<>();
        if (e.ui().get("reports") instanceof List<?> reports) {
            for (int i = 0; i < reports.size(); i++) {
                if (!(reports.get(i) instanceof Map<?, ?> m)) continue;
                String at = "/ui/reports/" + i;
                try {
                    ReportDef r = ReportDef.parse(m, "");
                    if (!names.add(r.name())) {
                        out.add(new Problem(
                                doc, at + "/name", "another report of " + e.name() + " is named " + r.name()));
                    }
                    compiler.compile(
                            "t",
                            all,
                            e,
                            r,
                            samples(r),
                            null,
                            FieldVisibility.ALL,
                            null,
                            RowScope.ALL,
                            ZoneOffset.UTC,
                            LocalDate.now(ZoneOffset.UTC));
                    aggregateNamed(
                            doc,
                            at + "/sort",
                            r,
                            r.sort(),
                            r.grouped() || !r.aggregates().isEmpty(),
                            out);
                    if (r.chart().get("aggregate") instanceof String a)
                        aggregateNamed(doc, at + "/chart/aggregate", r, a, true, out);
                } catch (FilterException fe) {
                    String p = fe.parameter().startsWith("/") ? fe.parameter() : "/" + fe.parameter();
                    out.add(new Problem(doc, at + p, fe.getMessage()));
                }
            }
        }
        if (!(e.ui().get("dashboards") instanceof List<?> dashboards)) return;
        for (int i = 0; i < dashboards.size(); i++) {
            if (!(dashboards.get(i) instanceof Map<?, ?> d) || !(d.get("components") instanceof List<?> cs)) continue;
            for (int j = 0; j < cs.size(); j++) {
                if (!(cs.get(j) instanceof Map<?, ?> c)) continue;
                String ref = String.valueOf(c.get("report"));
                String entity = ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : e.name();
                String name = ref.contains(".") ? ref.substring(ref.indexOf('.') + 1) : ref;
                EntityDef target = all.entity(entity).orElse(null);
                boolean found = target != null
                        && target.ui().get("reports") instanceof List<?> rs
                        && rs.stream().anyMatch(x -> x instanceof Map<?, ?> xm && name.equals(xm.get("name")));
                if (!found) {
                    out.add(new Problem(
                            doc,
                            "/ui/dashboards/" + i + "/components/" + j + "/report",
                            "no report " + name + " on " + entity));
                }
            }
        }
    }

    /** Each parameter at its default, or a value of its type, so the filter compiles. */
    private static Map<String, String> samples(ReportDef r) {
        Map<String, String> out = new java.util.HashMap<>();
        for (var p : r.parameters()) {
            if (p.defaultValue() != null) continue;
            out.put(
                    p.name(),
                    switch (p.type()) {
                        case "date" -> "2000-01-01";
                        case "number" -> "0";
                        default -> "x";
                    });
        }
        return out;
    }

    private static void aggregateNamed(
            String doc, String at, ReportDef r, String sort, boolean grouped, List<Problem> out) {
        if (sort == null || !grouped) return;
        String name = sort.startsWith("-") ? sort.substring(1) : sort;
        if (r.aggregates().stream().noneMatch(a -> a.name().equals(name))) {
            out.add(new Problem(doc, at, "\"" + name + "\" is not an aggregate of the report"));
        }
    }
}
