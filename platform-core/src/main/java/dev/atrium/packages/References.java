package dev.atrium.packages;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the metadata that stays after a package operation still names a field: formulas, roll-ups,
 * views and list columns, layout sections, kanban and calendar, workflows, state machines, approval
 * outcomes and rules. A removal that would leave such a reference behind needs a decision.
 */
final class References {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private References() {}

    static List<String> of(PackagePlanner.Plan plan, MetadataSnapshot live, EntityDef entity, String field) {
        List<String> out = new ArrayList<>();
        Map<String, Object> e = document(plan, entity);
        if (e == null) return out;
        if (field.equals(e.get("titleField"))) out.add("the title field");
        for (Map<String, Object> f : PackageDef.list(e.get("fields"))) {
            if (field.equals(f.get("name"))) continue;
            if (mentions(f.get("expression"), field)) out.add("the formula " + f.get("name"));
            if (f.get("rollup") instanceof Map<?, ?> r && mentions(r.get("filter"), field)) {
                out.add("the roll-up " + f.get("name"));
            }
        }
        for (EntityDef other : live.entities()) {
            Map<String, Object> o = document(plan, other);
            if (o == null) continue;
            for (Map<String, Object> f : PackageDef.list(o.get("fields"))) {
                if (f.get("rollup") instanceof Map<?, ?> r
                        && entity.name().equals(r.get("entity"))
                        && (field.equals(r.get("field"))
                                || field.equals(r.get("via"))
                                || mentions(r.get("filter"), field))) {
                    out.add("the roll-up " + o.get("name") + "." + f.get("name"));
                }
            }
        }
        ui(PackageDef.cast(e.getOrDefault("ui", Map.of())), field, out);
        for (Map<String, Object> w : PackageDef.list(e.get("workflows"))) {
            if (mentions(w.get("condition"), field)
                    || listed(w.get("fields"), field)
                    || (w.get("at") instanceof Map<?, ?> at && field.equals(at.get("field")))
                    || actionsMention(w.get("actions"), field)) {
                out.add("the workflow " + w.get("name"));
            }
        }
        for (Map<String, Object> sm : PackageDef.list(e.get("stateMachines"))) {
            if (field.equals(sm.get("field")) || mentions(String.valueOf(sm.get("guards")), field)) {
                out.add("the state machine of " + sm.get("field"));
            }
        }
        for (Map<String, Object> a : PackageDef.list(e.get("approvals"))) {
            if (keyed(a.get("onApprove"), field) || keyed(a.get("onReject"), field))
                out.add("the approval " + a.get("name"));
        }
        for (Map<String, Object> r : PackageDef.list(e.get("rules"))) {
            String source = String.valueOf(r.get("source"));
            if (field.equals(r.get("field"))
                    || Pattern.compile("\\brecord\\." + Pattern.quote(field) + "\\b|['\"]" + Pattern.quote(field)
                                    + "['\"]")
                            .matcher(source)
                            .find()) {
                out.add("the rule " + r.get("name"));
            }
        }
        return out;
    }

    private static void ui(Map<String, Object> ui, String field, List<String> out) {
        if (ui.get("layout") instanceof Map<?, ?> layout) {
            for (Map<String, Object> s : PackageDef.list(PackageDef.cast(layout).get("sections"))) {
                if (listed(s.get("fields"), field)) out.add("a layout section");
            }
        }
        if (ui.get("list") instanceof Map<?, ?> list
                && (listed(list.get("columns"), field) || mentions(list.get("sort"), field))) {
            out.add("the list columns");
        }
        for (String key : List.of("kanban", "calendar")) {
            if (ui.get(key) instanceof Map<?, ?> k && field.equals(k.get("field"))) out.add("the " + key);
        }
        for (Map<String, Object> v : PackageDef.list(ui.get("views"))) {
            if (mentions(v.get("filter"), field) || mentions(v.get("sort"), field) || listed(v.get("columns"), field)) {
                out.add("the view " + v.get("name"));
            }
        }
    }

    private static Map<String, Object> document(PackagePlanner.Plan plan, EntityDef e) {
        Map<String, Object> merged = plan.merged().get(e.id());
        if (merged != null) return merged;
        if (plan.remove().contains(e.name())) return null;
        return PackageReader.canonical(e);
    }

    /** Whether an expression or filter names the field (alone or as the start of a path). */
    private static boolean mentions(Object text, String field) {
        if (!(text instanceof String s)) return false;
        String code = s.replaceAll("'(?:[^']|'')*'", "''");
        Matcher m = IDENT.matcher(code);
        while (m.find()) {
            int before = m.start() - 1;
            if (m.group().equals(field) && (before < 0 || code.charAt(before) != '.')) return true;
        }
        return false;
    }

    private static boolean listed(Object list, String field) {
        return list instanceof List<?> l && l.contains(field);
    }

    private static boolean keyed(Object map, String field) {
        return map instanceof Map<?, ?> m && m.containsKey(field);
    }

    private static boolean actionsMention(Object actions, String field) {
        for (Map<String, Object> a : PackageDef.list(actions)) {
            if (a.get("values") instanceof Map<?, ?> values) {
                if (values.containsKey(field)) return true;
                for (Object v : values.values()) {
                    if (v instanceof String s && s.contains("{{" + field + "}}")) return true;
                }
            }
        }
        return false;
    }
}
