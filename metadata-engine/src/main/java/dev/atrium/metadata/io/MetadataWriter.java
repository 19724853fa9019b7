package dev.atrium.metadata.io;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.PicklistValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes metadata as sparse JSON with a stable key order (defaults left out), the form consultants
 * edit by hand and that {@link MetadataReader} reads back unchanged.
 */
public final class MetadataWriter {
    private MetadataWriter() {}

    /** The entity as an ordered map; {@code schemaRef} becomes the {@code $schema} line when not null. */
    public static Map<String, Object> entity(EntityDef e, String schemaRef) {
        return entity(e, schemaRef, false);
    }

    /** @param withSources include each rule's script text (the stored form); files reference scripts instead */
    public static Map<String, Object> entity(EntityDef e, String schemaRef, boolean withSources) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "$schema", schemaRef);
        put(m, "id", e.id());
        put(m, "name", e.name());
        putLabels(m, "label", e.label());
        putLabels(m, "pluralLabel", e.pluralLabel());
        putLabels(m, "description", e.description());
        put(m, "titleField", e.titleField());
        List<Object> fields = new ArrayList<>();
        for (FieldDef f : e.fields()) fields.add(field(f));
        m.put("fields", fields);
        if (!e.rules().isEmpty()) {
            List<Object> rules = new ArrayList<>();
            for (dev.atrium.metadata.model.RuleDef r : e.rules()) {
                Map<String, Object> rm = new LinkedHashMap<>();
                put(rm, "id", r.id());
                put(rm, "name", r.name());
                put(rm, "kind", r.kind());
                put(rm, "field", r.field());
                putLabels(rm, "message", r.message());
                put(rm, "script", r.script());
                if (withSources) put(rm, "source", r.source());
                rules.add(rm);
            }
            m.put("rules", rules);
        }
        if (!e.workflows().isEmpty()) {
            List<Object> wfs = new ArrayList<>();
            for (dev.atrium.metadata.model.WorkflowDef w : e.workflows()) {
                Map<String, Object> wm = new LinkedHashMap<>();
                put(wm, "id", w.id());
                put(wm, "name", w.name());
                wm.put("on", w.on());
                if (!w.fields().isEmpty()) wm.put("fields", w.fields());
                put(wm, "condition", w.condition());
                put(wm, "conditionScript", w.conditionScript());
                put(wm, "cron", w.cron());
                if (w.at() != null) {
                    Map<String, Object> at = new LinkedHashMap<>();
                    at.put("field", w.at().field());
                    if (w.at().days() != 0) at.put("days", w.at().days());
                    if (w.at().hours() != 0) at.put("hours", w.at().hours());
                    if (w.at().pauseWhen() != null) at.put("pauseWhen", w.at().pauseWhen());
                    wm.put("at", at);
                }
                List<Object> actions = new ArrayList<>();
                for (var a : w.actions()) {
                    Map<String, Object> am = new LinkedHashMap<>();
                    put(am, "type", a.type());
                    put(am, "entity", a.entity());
                    put(am, "url", a.url());
                    put(am, "plugin", a.plugin());
                    if (!a.values().isEmpty()) am.put("values", a.values());
                    actions.add(am);
                }
                wm.put("actions", actions);
                wfs.add(wm);
            }
            m.put("workflows", wfs);
        }
        if (!e.stateMachines().isEmpty()) {
            List<Object> sms = new ArrayList<>();
            for (var sm : e.stateMachines()) {
                Map<String, Object> smm = new LinkedHashMap<>();
                smm.put("field", sm.field());
                if (!sm.initial().isEmpty()) smm.put("initial", sm.initial());
                Map<String, Object> tr = new LinkedHashMap<>();
                new java.util.TreeMap<>(sm.transitions()).forEach(tr::put);
                smm.put("transitions", tr);
                if (!sm.guards().isEmpty()) smm.put("guards", new java.util.TreeMap<>(sm.guards()));
                sms.add(smm);
            }
            m.put("stateMachines", sms);
        }
        if (!e.approvals().isEmpty()) {
            List<Object> aps = new ArrayList<>();
            for (var a : e.approvals()) {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("name", a.name());
                List<Object> steps = new ArrayList<>();
                for (var st : a.steps()) {
                    Map<String, Object> sm = new LinkedHashMap<>();
                    put(sm, "name", st.name());
                    put(sm, "role", st.role());
                    if (!st.users().isEmpty()) sm.put("users", st.users());
                    flag(sm, "manager", st.manager());
                    if (!st.mode().equals("any")) sm.put("mode", st.mode());
                    if (st.remindAfterHours() != null) sm.put("remindAfterHours", st.remindAfterHours());
                    if (st.escalateAfterHours() != null) sm.put("escalateAfterHours", st.escalateAfterHours());
                    put(sm, "escalateTo", st.escalateTo());
                    put(sm, "queue", st.queue());
                    steps.add(sm);
                }
                am.put("steps", steps);
                if (!a.onApprove().isEmpty()) am.put("onApprove", a.onApprove());
                if (!a.onReject().isEmpty()) am.put("onReject", a.onReject());
                aps.add(am);
            }
            m.put("approvals", aps);
        }
        if (!e.conversions().isEmpty()) m.put("conversions", conversions(e));
        if (!e.duplicates().isEmpty()) m.put("duplicates", duplicates(e));
        if (e.portalAccount() != null) m.put("portal", Map.of("account", e.portalAccount()));
        if (e.team() != null) {
            Map<String, Object> team = new LinkedHashMap<>();
            team.put("member", e.team().member());
            team.put("access", e.team().access());
            m.put("team", team);
        }
        if (!e.ui().isEmpty()) {
            m.put("ui", e.ui());
        }
        return m;
    }

    private static List<Object> conversions(EntityDef e) {
        List<Object> out = new ArrayList<>();
        for (var c : e.conversions()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            putLabels(cm, "label", c.label());
            put(cm, "when", c.when());
            List<Object> creates = new ArrayList<>();
            for (var t : c.creates()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("as", t.as());
                tm.put("entity", t.entity());
                if (!t.values().isEmpty()) tm.put("values", t.values());
                flag(tm, "optional", t.optional());
                flag(tm, "existing", t.existing());
                creates.add(tm);
            }
            cm.put("creates", creates);
            if (!c.lines().isEmpty()) {
                List<Object> lines = new ArrayList<>();
                for (var l : c.lines()) {
                    Map<String, Object> lm = new LinkedHashMap<>();
                    lm.put("from", l.from());
                    lm.put("into", l.into());
                    lm.put("parent", l.parent());
                    if (!l.values().isEmpty()) lm.put("values", l.values());
                    lines.add(lm);
                }
                cm.put("lines", lines);
            }
            put(cm, "moveRelated", c.moveRelated());
            if (!c.then().isEmpty()) cm.put("then", c.then());
            out.add(cm);
        }
        return out;
    }

    private static List<Object> duplicates(EntityDef e) {
        List<Object> out = new ArrayList<>();
        for (var r : e.duplicates()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("name", r.name());
            putLabels(rm, "label", r.label());
            List<Object> match = new ArrayList<>();
            for (var c : r.match()) {
                Map<String, Object> mm = new LinkedHashMap<>();
                mm.put("field", c.field());
                mm.put("method", c.method());
                if (c.threshold() != null) mm.put("threshold", c.threshold());
                match.add(mm);
            }
            rm.put("match", match);
            out.add(rm);
        }
        return out;
    }

    public static Map<String, Object> field(FieldDef f) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "id", f.id());
        put(m, "name", f.name());
        put(m, "type", f.type());
        putLabels(m, "label", f.label());
        putLabels(m, "help", f.help());
        flag(m, "required", f.required());
        flag(m, "unique", f.unique() && !f.externalId());
        flag(m, "externalId", f.externalId());
        flag(m, "indexed", f.indexed());
        flag(m, "readOnly", f.readOnly());
        flag(m, "searchable", f.searchable());
        put(m, "default", f.defaultValue());
        put(m, "maxLength", f.maxLength());
        put(m, "precision", f.precision());
        put(m, "scale", f.scale());
        put(m, "min", f.min());
        put(m, "max", f.max());
        put(m, "currency", f.currency());
        put(m, "target", f.target());
        if (!f.targets().isEmpty()) m.put("targets", f.targets());
        put(m, "returns", f.returns());
        put(m, "expression", f.expression());
        if (f.rollup() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            put(r, "function", f.rollup().function());
            put(r, "entity", f.rollup().entity());
            put(r, "via", f.rollup().via());
            put(r, "field", f.rollup().field());
            put(r, "filter", f.rollup().filter());
            m.put("rollup", r);
        }
        put(m, "prefix", f.prefix());
        put(m, "digits", f.digits());
        if (!f.values().isEmpty()) {
            List<Object> values = new ArrayList<>();
            for (PicklistValue v : f.values()) {
                Map<String, Object> pv = new LinkedHashMap<>();
                put(pv, "id", v.id());
                put(pv, "value", v.value());
                putLabels(pv, "label", v.label());
                if (!v.active()) pv.put("active", false);
                put(pv, "color", v.color());
                values.add(pv);
            }
            m.put("values", values);
        }
        if (!f.linkFields().isEmpty()) {
            List<Object> lfs = new ArrayList<>();
            for (FieldDef lf : f.linkFields()) lfs.add(field(lf));
            m.put("linkFields", lfs);
        }
        return m;
    }

    /** The entity as a plain JSON tree, exactly as stored (with rule sources): what merges and plans compare. */
    public static Map<String, Object> tree(EntityDef e) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree =
                (Map<String, Object>) MetadataReader.plain(MetadataReader.parse(json(entity(e, null, true))));
        return tree;
    }

    /** Two spaces, one member or element a line, {@code "key": value}: the layout of the files people edit. */
    private static final tools.jackson.core.util.DefaultPrettyPrinter PRETTY =
            new tools.jackson.core.util.DefaultPrettyPrinter(tools.jackson.core.util.Separators.createDefaultInstance()
                            .withObjectNameValueSpacing(tools.jackson.core.util.Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("")
                            .withArrayEmptySeparator(""))
                    .withArrayIndenter(new tools.jackson.core.util.DefaultIndenter("  ", "\n"))
                    .withObjectIndenter(new tools.jackson.core.util.DefaultIndenter("  ", "\n"));

    /** Pretty JSON text with a trailing newline. */
    public static String json(Object value) {
        return MetadataReader.JSON.writer().with(PRETTY).writeValueAsString(value) + "\n";
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v == null) return;
        if (v instanceof BigDecimal d) v = d.stripTrailingZeros();
        m.put(k, v);
    }

    private static void flag(Map<String, Object> m, String k, boolean v) {
        if (v) m.put(k, true);
    }

    private static void putLabels(Map<String, Object> m, String k, Map<String, String> labels) {
        if (labels.isEmpty()) return;
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String locale : List.of("en", "es", "zh-CN", "ru")) {
            if (labels.containsKey(locale)) ordered.put(locale, labels.get(locale));
        }
        labels.keySet().stream().sorted().forEach(l -> ordered.putIfAbsent(l, labels.get(l)));
        m.put(k, ordered);
    }
}
