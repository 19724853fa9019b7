package dev.atrium.metadata.io;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.PicklistValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns entity JSON into {@link EntityDef}. Call it on documents that passed schema validation
 * ({@code MetadataValidator}); shapes are then known to be right.
 */
public final class MetadataReader {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private MetadataReader() {}

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    public static EntityDef entity(JsonNode n) {
        List<FieldDef> fields = new ArrayList<>();
        for (JsonNode f : n.path("fields")) fields.add(field(f));
        List<dev.atrium.metadata.model.RuleDef> rules = new ArrayList<>();
        for (JsonNode r : n.path("rules")) {
            rules.add(new dev.atrium.metadata.model.RuleDef(
                    text(r, "id"),
                    text(r, "name"),
                    text(r, "kind"),
                    text(r, "script"),
                    text(r, "source"),
                    text(r, "field"),
                    labels(r.get("message"))));
        }
        List<dev.atrium.metadata.model.WorkflowDef> workflows = new ArrayList<>();
        for (JsonNode w : n.path("workflows")) {
            List<String> on = new ArrayList<>();
            for (JsonNode x : w.path("on")) on.add(x.asString());
            List<String> wf = new ArrayList<>();
            for (JsonNode x : w.path("fields")) wf.add(x.asString());
            List<dev.atrium.metadata.model.WorkflowDef.Action> actions = new ArrayList<>();
            for (JsonNode a : w.path("actions")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> values = a.has("values") ? (Map<String, Object>) plain(a.get("values")) : Map.of();
                actions.add(new dev.atrium.metadata.model.WorkflowDef.Action(
                        text(a, "type"), text(a, "entity"), values, text(a, "url"), text(a, "plugin")));
            }
            JsonNode at = w.get("at");
            var timer = at == null
                    ? null
                    : new dev.atrium.metadata.model.WorkflowDef.Timer(
                            text(at, "field"),
                            at.has("days") ? at.get("days").asInt() : 0,
                            at.has("hours") ? at.get("hours").asInt() : 0,
                            text(at, "pauseWhen"));
            workflows.add(new dev.atrium.metadata.model.WorkflowDef(
                    text(w, "id"),
                    text(w, "name"),
                    on,
                    wf,
                    text(w, "condition"),
                    actions,
                    timer,
                    text(w, "cron"),
                    text(w, "conditionScript")));
        }
        List<dev.atrium.metadata.model.StateMachineDef> machines = new ArrayList<>();
        for (JsonNode m : n.path("stateMachines")) {
            List<String> initial = new ArrayList<>();
            for (JsonNode x : m.path("initial")) initial.add(x.asString());
            Map<String, List<String>> transitions = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> t : m.path("transitions").properties()) {
                List<String> to = new ArrayList<>();
                for (JsonNode x : t.getValue()) to.add(x.asString());
                transitions.put(t.getKey(), to);
            }
            Map<String, String> guards = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> g : m.path("guards").properties())
                guards.put(g.getKey(), g.getValue().asString());
            machines.add(new dev.atrium.metadata.model.StateMachineDef(text(m, "field"), initial, transitions, guards));
        }
        List<dev.atrium.metadata.model.ApprovalDef> approvals = new ArrayList<>();
        for (JsonNode a : n.path("approvals")) {
            List<dev.atrium.metadata.model.ApprovalDef.Step> steps = new ArrayList<>();
            for (JsonNode st : a.path("steps")) {
                List<String> users = new ArrayList<>();
                for (JsonNode u : st.path("users")) users.add(u.asString());
                steps.add(new dev.atrium.metadata.model.ApprovalDef.Step(
                        text(st, "name"),
                        text(st, "role"),
                        users,
                        bool(st, "manager"),
                        text(st, "mode"),
                        st.has("remindAfterHours") ? st.get("remindAfterHours").asInt() : null,
                        st.has("escalateAfterHours")
                                ? st.get("escalateAfterHours").asInt()
                                : null,
                        text(st, "escalateTo"),
                        text(st, "queue")));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> onApprove =
                    a.has("onApprove") ? (Map<String, Object>) plain(a.get("onApprove")) : Map.of();
            @SuppressWarnings("unchecked")
            Map<String, Object> onReject =
                    a.has("onReject") ? (Map<String, Object>) plain(a.get("onReject")) : Map.of();
            approvals.add(new dev.atrium.metadata.model.ApprovalDef(text(a, "name"), steps, onApprove, onReject));
        }
        return new EntityDef(
                text(n, "id"),
                text(n, "name"),
                labels(n.get("label")),
                labels(n.get("pluralLabel")),
                labels(n.get("description")),
                text(n, "titleField"),
                fields,
                rules,
                workflows,
                machines,
                approvals,
                ui(n.get("ui")),
                conversions(n.path("conversions")),
                duplicates(n.path("duplicates")),
                text(n.path("portal"), "account"),
                n.has("team")
                        ? new EntityDef.TeamDef(text(n.get("team"), "member"), text(n.get("team"), "access"))
                        : null);
    }

    private static List<dev.atrium.metadata.model.ConversionDef> conversions(JsonNode list) {
        List<dev.atrium.metadata.model.ConversionDef> out = new ArrayList<>();
        for (JsonNode c : list) {
            List<dev.atrium.metadata.model.ConversionDef.Target> creates = new ArrayList<>();
            for (JsonNode t : c.path("creates")) {
                creates.add(new dev.atrium.metadata.model.ConversionDef.Target(
                        text(t, "as"),
                        text(t, "entity"),
                        object(t.get("values")),
                        bool(t, "optional"),
                        bool(t, "existing")));
            }
            List<dev.atrium.metadata.model.ConversionDef.Lines> lines = new ArrayList<>();
            for (JsonNode l : c.path("lines")) {
                lines.add(new dev.atrium.metadata.model.ConversionDef.Lines(
                        text(l, "from"), text(l, "into"), text(l, "parent"), object(l.get("values"))));
            }
            out.add(new dev.atrium.metadata.model.ConversionDef(
                    text(c, "name"),
                    labels(c.get("label")),
                    text(c, "when"),
                    creates,
                    lines,
                    text(c, "moveRelated"),
                    object(c.get("then"))));
        }
        return out;
    }

    private static List<dev.atrium.metadata.model.MatchingRuleDef> duplicates(JsonNode list) {
        List<dev.atrium.metadata.model.MatchingRuleDef> out = new ArrayList<>();
        for (JsonNode r : list) {
            List<dev.atrium.metadata.model.MatchingRuleDef.Clause> match = new ArrayList<>();
            for (JsonNode m : r.path("match")) {
                match.add(new dev.atrium.metadata.model.MatchingRuleDef.Clause(
                        text(m, "field"),
                        text(m, "method"),
                        m.has("threshold") ? m.get("threshold").asDouble() : null));
            }
            out.add(new dev.atrium.metadata.model.MatchingRuleDef(text(r, "name"), labels(r.get("label")), match));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(JsonNode n) {
        return n == null || n.isNull() ? Map.of() : (Map<String, Object>) plain(n);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ui(JsonNode n) {
        return n == null || n.isNull() ? Map.of() : (Map<String, Object>) plain(n);
    }

    public static FieldDef field(JsonNode n) {
        List<PicklistValue> values = new ArrayList<>();
        for (JsonNode v : n.path("values")) {
            values.add(new PicklistValue(
                    text(v, "id"),
                    text(v, "value"),
                    labels(v.get("label")),
                    !v.has("active") || v.get("active").asBoolean(),
                    text(v, "color")));
        }
        List<String> targets = new ArrayList<>();
        for (JsonNode t : n.path("targets")) targets.add(t.asString());
        List<FieldDef> linkFields = new ArrayList<>();
        for (JsonNode lf : n.path("linkFields")) linkFields.add(field(lf));
        return new FieldDef(
                text(n, "id"),
                text(n, "name"),
                text(n, "type"),
                labels(n.get("label")),
                labels(n.get("help")),
                bool(n, "required"),
                bool(n, "unique") || bool(n, "externalId"),
                bool(n, "indexed"),
                bool(n, "readOnly"),
                bool(n, "searchable"),
                bool(n, "externalId"),
                n.has("default") ? plain(n.get("default")) : null,
                integer(n, "maxLength"),
                integer(n, "precision"),
                integer(n, "scale"),
                decimal(n, "min"),
                decimal(n, "max"),
                values,
                text(n, "target"),
                targets,
                text(n, "prefix"),
                integer(n, "digits"),
                linkFields,
                text(n, "currency"),
                text(n, "expression"),
                text(n, "returns"),
                n.has("rollup")
                        ? new dev.atrium.metadata.model.RollupDef(
                                text(n.get("rollup"), "function"),
                                text(n.get("rollup"), "entity"),
                                text(n.get("rollup"), "via"),
                                text(n.get("rollup"), "field"),
                                text(n.get("rollup"), "filter"))
                        : null);
    }

    /** A JSON node as plain Java (String, BigDecimal/Long, Boolean, List, Map, null). */
    public static Object plain(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (n.isString()) return n.asString();
        if (n.isBoolean()) return n.asBoolean();
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isNumber()) return n.decimalValue();
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonNode x : n) l.add(plain(x));
            return l;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) m.put(e.getKey(), plain(e.getValue()));
        return m;
    }

    private static Map<String, String> labels(JsonNode n) {
        if (n == null || !n.isObject()) return Map.of();
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties())
            m.put(e.getKey(), e.getValue().asString());
        return m;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static boolean bool(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v != null && v.asBoolean();
    }

    private static Integer integer(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asInt();
    }

    private static BigDecimal decimal(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.decimalValue();
    }
}
