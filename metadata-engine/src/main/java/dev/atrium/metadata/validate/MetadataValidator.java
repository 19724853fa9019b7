package dev.atrium.metadata.validate;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates entity documents: first each against {@code entity.schema.json}, then their meaning as a
 * set (names, references, duplicates, cycles). Pure and thread-safe.
 */
public final class MetadataValidator {
    private static final SchemaCheck ENTITY_SCHEMA = new SchemaCheck("entity.schema.json");

    private final FieldTypeRegistry types;

    public MetadataValidator(FieldTypeRegistry types) {
        this.types = types;
    }

    /** The outcome: the parsed entities when there are no problems. */
    public record Result(List<EntityDef> entities, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Schema-checks every document, then checks the meaning of the whole set. */
    public Result validate(List<MetadataDocument> documents) {
        List<Problem> problems = new ArrayList<>();
        List<EntityDef> entities = new ArrayList<>();
        for (MetadataDocument d : documents) {
            List<Problem> p = ENTITY_SCHEMA.check(d.name(), d.json());
            if (p.isEmpty()) entities.add(MetadataReader.entity(d.json()));
            problems.addAll(p);
        }
        if (!problems.isEmpty()) return new Result(List.of(), problems);
        problems.addAll(checkMeaning(entities));
        return new Result(problems.isEmpty() ? entities : List.of(), problems);
    }

    /** Semantic checks over a complete set of entities (what a tenant would have after deploying). */
    public List<Problem> checkMeaning(List<EntityDef> entities) {
        List<Problem> out = new ArrayList<>();
        Map<String, EntityDef> byName = new LinkedHashMap<>();
        Map<String, String> entityIds = new HashMap<>();
        Map<String, String> fieldIds = new HashMap<>();
        for (EntityDef e : entities) {
            if (byName.putIfAbsent(e.name(), e) != null) {
                out.add(new Problem(
                        e.name(),
                        "/name",
                        "Entity \"" + e.name() + "\" is defined twice; each entity needs its own name"));
            }
            if (e.id() != null && entityIds.putIfAbsent(e.id(), e.name()) != null) {
                out.add(new Problem(
                        e.name(),
                        "/id",
                        "Entity id \"" + e.id() + "\" is also used by \"" + entityIds.get(e.id())
                                + "\"; ids must be unique"));
            }
            for (int i = 0; i < e.fields().size(); i++) {
                FieldDef f = e.fields().get(i);
                if (f.id() != null && fieldIds.putIfAbsent(f.id(), e.name() + "." + f.name()) != null) {
                    out.add(new Problem(
                            e.name(),
                            "/fields/" + i + "/id",
                            "Field id \"" + f.id() + "\" is also used by " + fieldIds.get(f.id())
                                    + "; field ids must be unique across all entities"));
                }
            }
        }
        FieldChecks fieldChecks = new FieldChecks(types, byName);
        for (EntityDef e : entities) {
            out.addAll(checkEntity(e, fieldChecks));
        }
        out.addAll(MasterDetailCycles.find(entities));
        if (out.isEmpty()) {
            // what runs later (filters, actions, placeholders), once names and types are known to be sound
            BehaviourChecks behaviour = new BehaviourChecks(types, new ArrayList<>(byName.values()));
            ProcessChecks processes = new ProcessChecks(behaviour);
            for (EntityDef e : entities) {
                out.addAll(behaviour.check(e.name(), e));
                out.addAll(processes.check(e.name(), e));
            }
        }
        return out;
    }

    private List<Problem> checkEntity(EntityDef e, FieldChecks fieldChecks) {
        List<Problem> out = new ArrayList<>();
        String doc = e.name();
        if (e.name().contains("__") || e.name().startsWith("m2m_") || e.name().endsWith("_")) {
            out.add(new Problem(
                    doc,
                    "/name",
                    "Entity name \"" + e.name()
                            + "\" may not contain \"__\", start with \"m2m_\" or end with \"_\" "
                            + "(reserved for the platform)"));
        }
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < e.fields().size(); i++) {
            FieldDef f = e.fields().get(i);
            String at = "/fields/" + i;
            Integer previous = names.putIfAbsent(f.name(), i);
            if (previous != null) {
                out.add(new Problem(
                        doc,
                        at + "/name",
                        "Field \"" + f.name() + "\" is defined twice (also at /fields/" + previous + ")"));
            }
            if (SystemFields.NAMES.contains(f.name())) {
                out.add(new Problem(
                        doc,
                        at + "/name",
                        "\"" + f.name() + "\" is a system field every entity already has; choose another name"));
            }
            out.addAll(fieldChecks.check(doc, at, f, e));
        }
        Map<String, Integer> ruleNames = new HashMap<>();
        for (int i = 0; i < e.rules().size(); i++) {
            var r = e.rules().get(i);
            String at = "/rules/" + i;
            Integer previous = ruleNames.putIfAbsent(r.name(), i);
            if (previous != null)
                out.add(new Problem(
                        doc,
                        at + "/name",
                        "Rule \"" + r.name() + "\" is defined twice (also at /rules/" + previous + ")"));
            if (r.field() != null && e.field(r.field()).isEmpty()) {
                out.add(new Problem(doc, at + "/field", "\"" + r.field() + "\" is not a field of " + e.name()));
            }
            if (r.kind().equals("default") && r.field() == null) {
                out.add(new Problem(doc, at, "\"field\" is required here: the field a default rule fills"));
            }
            if (r.script() == null && r.source() == null) {
                out.add(new Problem(doc, at, "give the rule's \"script\" (a .js file) or its \"source\""));
            }
        }
        for (int i = 0; i < e.workflows().size(); i++) {
            var w = e.workflows().get(i);
            String at = "/workflows/" + i;
            if (w.on().contains("time")) {
                var tf = w.at() == null ? null : e.field(w.at().field()).orElse(null);
                boolean system = w.at() != null
                        && (w.at().field().equals("created_at")
                                || w.at().field().equals("updated_at"));
                if (!system
                        && (tf == null
                                || !(tf.type().equals("date") || tf.type().equals("datetime")))) {
                    out.add(new Problem(
                            doc,
                            at + "/at",
                            "a time trigger needs \"at\": {\"field\": a date or datetime field, \"days\", \"hours\"}"));
                }
            }
            for (int j = 0; j < w.fields().size(); j++) {
                if (e.field(w.fields().get(j)).isEmpty())
                    out.add(new Problem(
                            doc, at + "/fields/" + j, "\"" + w.fields().get(j) + "\" is not a field of " + e.name()));
            }
            for (int j = 0; j < w.actions().size(); j++) {
                var a = w.actions().get(j);
                if (a.type().equals("create") && a.entity() == null)
                    out.add(new Problem(
                            doc, at + "/actions/" + j, "\"entity\" is required: the entity to create a record of"));
                if (a.type().equals("plugin") && a.plugin() == null)
                    out.add(new Problem(
                            doc,
                            at + "/actions/" + j,
                            "\"plugin\" is required: the plugin action to run, as <plugin-id>/<action-id>"));
                if (a.type().equals("webhook") && a.url() == null)
                    out.add(new Problem(doc, at + "/actions/" + j, "\"url\" is required: where the webhook posts"));
            }
        }
        for (int i = 0; i < e.stateMachines().size(); i++) {
            var sm = e.stateMachines().get(i);
            String at = "/stateMachines/" + i;
            var f = e.field(sm.field()).orElse(null);
            if (f == null || !f.type().equals("picklist")) {
                out.add(new Problem(doc, at + "/field", "a state machine needs a picklist field of " + e.name()));
                continue;
            }
            java.util.Set<String> values = new java.util.HashSet<>(f.values().stream()
                    .map(dev.atrium.metadata.model.PicklistValue::value)
                    .toList());
            for (String v : sm.initial())
                if (!values.contains(v))
                    out.add(new Problem(doc, at + "/initial", "\"" + v + "\" is not a value of " + f.name()));
            sm.guards().keySet().forEach(v -> {
                if (!values.contains(v))
                    out.add(new Problem(doc, at + "/guards/" + v, "\"" + v + "\" is not a value of " + f.name()));
            });
            sm.transitions().forEach((from, tos) -> {
                if (!values.contains(from))
                    out.add(new Problem(
                            doc, at + "/transitions/" + from, "\"" + from + "\" is not a value of " + f.name()));
                for (String to : tos)
                    if (!values.contains(to))
                        out.add(new Problem(
                                doc, at + "/transitions/" + from, "\"" + to + "\" is not a value of " + f.name()));
            });
        }
        for (int i = 0; i < e.approvals().size(); i++) {
            var steps = e.approvals().get(i).steps();
            for (int j = 0; j < steps.size(); j++) {
                if (steps.get(j).escalateAfterHours() != null && steps.get(j).escalateTo() == null) {
                    out.add(new Problem(
                            doc,
                            "/approvals/" + i + "/steps/" + j,
                            "\"escalateTo\" is required with escalateAfterHours: the role a late step escalates to"));
                }
            }
        }
        out.addAll(uiChecks(doc, e));
        if (e.titleField() != null && e.field(e.titleField()).isEmpty()) {
            out.add(new Problem(
                    doc, "/titleField", "titleField \"" + e.titleField() + "\" is not a field of " + e.name()));
        }
        return out;
    }

    /** The app settings name real fields of the right types; a field appears once in a layout. */
    @SuppressWarnings("unchecked")
    private static List<Problem> uiChecks(String doc, EntityDef e) {
        List<Problem> out = new ArrayList<>();
        java.util.Set<String> system = dev.atrium.metadata.model.SystemFields.NAMES;
        if (e.ui().get("layout") instanceof Map<?, ?> layout && layout.get("sections") instanceof List<?> sections) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < sections.size(); i++) {
                if (!(sections.get(i) instanceof Map<?, ?> sec) || !(sec.get("fields") instanceof List<?> fields))
                    continue;
                for (int j = 0; j < fields.size(); j++) {
                    String name = String.valueOf(fields.get(j));
                    String at = "/ui/layout/sections/" + i + "/fields/" + j;
                    if (e.field(name).isEmpty())
                        out.add(new Problem(doc, at, "\"" + name + "\" is not a field of " + e.name()));
                    else if (!seen.add(name))
                        out.add(new Problem(doc, at, "\"" + name + "\" is already in the layout"));
                }
            }
        }
        if (e.ui().get("layout") instanceof Map<?, ?> layout && layout.get("hidden") instanceof List<?> hidden) {
            for (int j = 0; j < hidden.size(); j++) {
                String name = String.valueOf(hidden.get(j));
                if (e.field(name).isEmpty())
                    out.add(new Problem(
                            doc, "/ui/layout/hidden/" + j, "\"" + name + "\" is not a field of " + e.name()));
            }
        }
        if (e.ui().get("list") instanceof Map<?, ?> list && list.get("columns") instanceof List<?> cols) {
            for (int j = 0; j < cols.size(); j++) {
                String name = String.valueOf(cols.get(j));
                if (e.field(name).isEmpty() && !system.contains(name))
                    out.add(new Problem(
                            doc, "/ui/list/columns/" + j, "\"" + name + "\" is not a field of " + e.name()));
            }
        }
        if (e.ui().get("kanban") instanceof Map<?, ?> k) {
            var f = e.field(String.valueOf(k.get("field"))).orElse(null);
            if (f == null || !f.type().equals("picklist"))
                out.add(new Problem(doc, "/ui/kanban/field", "a kanban board needs a picklist field of " + e.name()));
        }
        if (e.ui().get("calendar") instanceof Map<?, ?> c) {
            String name = String.valueOf(c.get("field"));
            var f = e.field(name).orElse(null);
            boolean ok = f != null
                    ? f.type().equals("date") || f.type().equals("datetime")
                    : name.equals("created_at") || name.equals("updated_at");
            if (!ok)
                out.add(new Problem(
                        doc, "/ui/calendar/field", "a calendar needs a date or datetime field of " + e.name()));
        }
        return out;
    }
}
