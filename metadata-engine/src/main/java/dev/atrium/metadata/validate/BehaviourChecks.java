package dev.atrium.metadata.validate;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.metadata.model.WorkflowDef;
import dev.atrium.metadata.query.FilterException;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What would otherwise fail only when it runs, for an end user: workflow conditions, state-machine guards
 * and view filters that do not compile; sorts by fields that do not exist; workflow actions that set
 * fields their entity does not have (or cannot be written), create records of entities that do not exist,
 * or fill placeholders that name no field; approval outcomes that set unknown fields. Checked at
 * deployment, with pointers; the filters are compiled exactly as the records API compiles them.
 */
final class BehaviourChecks {
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z][a-z0-9_]*)(?:\\s*\\+\\s*\\d+)?\\s*}}");

    private final FieldTypeRegistry types;
    private final MetadataSnapshot all;
    private final QueryCompiler compiler;

    MetadataSnapshot all() {
        return all;
    }

    BehaviourChecks(FieldTypeRegistry types, List<EntityDef> entities) {
        this.types = types;
        this.all = MetadataSnapshot.of(0, entities);
        this.compiler = new QueryCompiler(types);
    }

    List<Problem> check(String doc, EntityDef e) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < e.workflows().size(); i++) workflow(doc, e, i, out);
        for (int i = 0; i < e.stateMachines().size(); i++) {
            var sm = e.stateMachines().get(i);
            for (var g : sm.guards().entrySet()) {
                filter(doc, "/stateMachines/" + i + "/guards/" + g.getKey(), e, g.getValue(), out);
            }
        }
        for (int i = 0; i < e.approvals().size(); i++) {
            var a = e.approvals().get(i);
            writes(doc, "/approvals/" + i + "/onApprove", e, a.onApprove(), out);
            writes(doc, "/approvals/" + i + "/onReject", e, a.onReject(), out);
        }
        if (e.ui().get("views") instanceof List<?> views) {
            for (int i = 0; i < views.size(); i++) {
                if (!(views.get(i) instanceof Map<?, ?> v)) continue;
                String at = "/ui/views/" + i;
                if (v.get("filter") instanceof String f && !f.isBlank()) filter(doc, at + "/filter", e, f, out);
                if (v.get("sort") instanceof String s) sort(doc, at + "/sort", e, s, out);
                if (v.get("columns") instanceof List<?> cols) {
                    for (int j = 0; j < cols.size(); j++) {
                        String name = String.valueOf(cols.get(j));
                        if (e.field(name).isEmpty() && !SystemFields.NAMES.contains(name)) {
                            out.add(new Problem(
                                    doc, at + "/columns/" + j, "\"" + name + "\" is not a field of " + e.name()));
                        }
                    }
                }
            }
        }
        if (e.ui().get("suggest") instanceof Map<?, ?> suggest) suggest(doc, e, suggest, out);
        AnalyticsChecks.check(doc, e, all, types, out);
        if (e.ui().get("list") instanceof Map<?, ?> list && list.get("sort") instanceof String s) {
            sort(doc, "/ui/list/sort", e, s, out);
        }
        return out;
    }

    private void workflow(String doc, EntityDef e, int i, List<Problem> out) {
        WorkflowDef w = e.workflows().get(i);
        String at = "/workflows/" + i;
        if (w.condition() != null && !w.condition().isBlank()) filter(doc, at + "/condition", e, w.condition(), out);
        if (w.at() != null && w.at().pauseWhen() != null) filter(doc, at + "/at/pauseWhen", e, w.at().pauseWhen(), out);
        for (int j = 0; j < w.actions().size(); j++) {
            var a = w.actions().get(j);
            String aat = at + "/actions/" + j;
            placeholders(doc, aat + "/values", e, a.values(), out);
            if (a.type().equals("update")) writes(doc, aat + "/values", e, a.values(), out);
            if (a.type().equals("create") && a.entity() != null) {
                EntityDef target = all.entity(a.entity()).orElse(null);
                if (target == null) {
                    out.add(new Problem(doc, aat + "/entity", "\"" + a.entity() + "\" is not an entity"));
                } else {
                    Map<String, Object> values = new java.util.LinkedHashMap<>(a.values());
                    values.remove("owner_id");
                    writes(doc, aat + "/values", target, values, out);
                }
            }
        }
    }

    /** Suggestions search an entity that exists by a field of this one, filtered by a filter of the other. */
    private void suggest(String doc, EntityDef e, Map<?, ?> suggest, List<Problem> out) {
        String from = String.valueOf(suggest.get("from"));
        if (e.field(from).isEmpty())
            out.add(new Problem(doc, "/ui/suggest/from", "\"" + from + "\" is not a field of " + e.name()));
        EntityDef other = all.entity(String.valueOf(suggest.get("entity"))).orElse(null);
        if (other == null) {
            out.add(new Problem(doc, "/ui/suggest/entity", "\"" + suggest.get("entity") + "\" is not an entity"));
        } else if (suggest.get("filter") instanceof String f) {
            filter(doc, "/ui/suggest/filter", other, f, out);
        }
    }

    /** Each key names a field of {@code e} that a write may set. */
    void writes(String doc, String at, EntityDef e, Map<String, Object> values, List<Problem> out) {
        for (String key : values.keySet()) {
            FieldDef f = e.field(key).orElse(null);
            if (f == null) {
                out.add(new Problem(doc, at + "/" + key, "\"" + key + "\" is not a field of " + e.name()));
            } else if (types.require(f.type()).computed()) {
                out.add(new Problem(doc, at + "/" + key, e.name() + "." + key + " is computed and cannot be set"));
            }
        }
    }

    /** {@code {{name}}} and {@code {{name+N}}} name a field or system field of the record, or today. */
    private static void placeholders(
            String doc, String at, EntityDef e, Map<String, Object> values, List<Problem> out) {
        for (var v : values.entrySet()) {
            if (!(v.getValue() instanceof String s)) continue;
            Matcher m = PLACEHOLDER.matcher(s);
            while (m.find()) {
                String name = m.group(1);
                if (!name.equals("today") && e.field(name).isEmpty() && !SystemFields.NAMES.contains(name)) {
                    out.add(new Problem(doc, at + "/" + v.getKey(), "{{" + name + "}} names no field of " + e.name()));
                }
            }
        }
    }

    void filter(String doc, String at, EntityDef e, String filter, List<Problem> out) {
        try {
            compiler.condition("check", all, e, filter, "t", new ArrayList<>(), LocalDate.now(ZoneOffset.UTC));
        } catch (FilterException fe) {
            out.add(new Problem(doc, at, fe.getMessage()));
        } catch (RuntimeException unexpected) {
            out.add(new Problem(doc, at, "this filter cannot be used: " + unexpected.getMessage()));
        }
    }

    private static void sort(String doc, String at, EntityDef e, String sort, List<Problem> out) {
        for (String raw : sort.split(",")) {
            String p = raw.trim().replaceFirst("^-", "").replaceFirst(":(asc|desc)$", "");
            String first = p.contains(".") ? p.substring(0, p.indexOf('.')) : p;
            if (!p.isEmpty() && e.field(first).isEmpty() && !SystemFields.NAMES.contains(first)) {
                out.add(new Problem(doc, at, "\"" + first + "\" is not a field of " + e.name() + " to sort by"));
            }
        }
    }
}
