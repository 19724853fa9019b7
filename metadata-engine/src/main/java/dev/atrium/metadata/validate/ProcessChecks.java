package dev.atrium.metadata.validate;

import dev.atrium.metadata.model.ConversionDef;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MatchingRuleDef;
import dev.atrium.metadata.model.SystemFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Conversions and duplicate rules, checked at deployment: targets and line entities exist and are linked
 * the way the conversion needs, values set writable fields, placeholders name what will be there, and
 * duplicate rules compare fields that hold text.
 */
final class ProcessChecks {
    private static final Set<String> MATCHABLE = Set.of("text", "email", "phone", "url", "long_text");

    private final BehaviourChecks behaviour;

    ProcessChecks(BehaviourChecks behaviour) {
        this.behaviour = behaviour;
    }

    List<Problem> check(String doc, EntityDef e) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < e.conversions().size(); i++)
            conversion(doc, "/conversions/" + i, e, e.conversions().get(i), out);
        for (int i = 0; i < e.duplicates().size(); i++)
            duplicates(doc, "/duplicates/" + i, e, e.duplicates().get(i), out);
        return out;
    }

    private void conversion(String doc, String at, EntityDef e, ConversionDef c, List<Problem> out) {
        if (c.when() != null && !c.when().isBlank()) behaviour.filter(doc, at + "/when", e, c.when(), out);
        Set<String> known = new HashSet<>();
        for (int i = 0; i < c.creates().size(); i++) {
            ConversionDef.Target t = c.creates().get(i);
            String tat = at + "/creates/" + i;
            if (e.field(t.as()).isPresent() || SystemFields.NAMES.contains(t.as()) || t.as().equals("today")) {
                out.add(new Problem(
                        doc,
                        tat + "/as",
                        "\"" + t.as() + "\" is a field of " + e.name() + "; name the target something else so {{"
                                + t.as() + "}} is not ambiguous"));
            }
            if (!known.add(t.as())) out.add(new Problem(doc, tat + "/as", "\"" + t.as() + "\" names two targets"));
            Optional<EntityDef> target = behaviour.all().entity(t.entity());
            if (target.isEmpty()) {
                out.add(new Problem(doc, tat + "/entity", "\"" + t.entity() + "\" is not an entity"));
                continue;
            }
            behaviour.writes(doc, tat + "/values", target.get(), without(t.values(), "owner_id"), out);
            placeholders(doc, tat + "/values", e, t.values(), known, t.as(), out);
        }
        for (int i = 0; i < c.lines().size(); i++)
            lines(doc, at + "/lines/" + i, e, c, c.lines().get(i), out);
        if (c.moveRelated() != null && c.target(c.moveRelated()) == null) {
            out.add(new Problem(doc, at + "/moveRelated", "\"" + c.moveRelated() + "\" is not the as of a target"));
        }
        behaviour.writes(doc, at + "/then", e, c.then(), out);
        placeholders(doc, at + "/then", e, c.then(), known, null, out);
    }

    private void lines(String doc, String at, EntityDef e, ConversionDef c, ConversionDef.Lines l, List<Problem> out) {
        EntityDef from = behaviour.all().entity(l.from()).orElse(null);
        EntityDef into = behaviour.all().entity(l.into()).orElse(null);
        ConversionDef.Target parent = c.target(l.parent());
        if (from == null) out.add(new Problem(doc, at + "/from", "\"" + l.from() + "\" is not an entity"));
        if (into == null) out.add(new Problem(doc, at + "/into", "\"" + l.into() + "\" is not an entity"));
        if (parent == null)
            out.add(new Problem(doc, at + "/parent", "\"" + l.parent() + "\" is not the as of a target"));
        if (from == null || into == null || parent == null) return;
        if (from.linkTo(e.name()).isEmpty()) {
            out.add(new Problem(doc, at + "/from", l.from() + " has no lookup or master-detail field to " + e.name()));
        }
        if (into.linkTo(parent.entity()).isEmpty()) {
            out.add(new Problem(
                    doc, at + "/into", l.into() + " has no lookup or master-detail field to " + parent.entity()));
        }
        behaviour.writes(doc, at + "/values", into, l.values(), out);
        placeholders(doc, at + "/values", from, l.values(), Set.of(), null, out);
    }

    private static void placeholders(
            String doc,
            String at,
            EntityDef source,
            Map<String, Object> values,
            Set<String> targets,
            String self,
            List<Problem> out) {
        for (var v : values.entrySet()) {
            if (!(v.getValue() instanceof String s)) continue;
            Matcher m = BehaviourChecks.PLACEHOLDER.matcher(s);
            while (m.find()) {
                String name = m.group(1);
                if (name.equals(self)) {
                    out.add(new Problem(doc, at + "/" + v.getKey(), "{{" + name + "}} is the record being created"));
                } else if (!name.equals("today")
                        && source.field(name).isEmpty()
                        && !SystemFields.NAMES.contains(name)
                        && !targets.contains(name)) {
                    out.add(new Problem(
                            doc,
                            at + "/" + v.getKey(),
                            "{{" + name + "}} names no field of " + source.name() + " and no earlier target"));
                }
            }
        }
    }

    private static void duplicates(String doc, String at, EntityDef e, MatchingRuleDef r, List<Problem> out) {
        for (int i = 0; i < r.match().size(); i++) {
            MatchingRuleDef.Clause c = r.match().get(i);
            String cat = at + "/match/" + i;
            FieldDef f = e.field(c.field()).orElse(null);
            if (f == null) {
                out.add(new Problem(doc, cat + "/field", "\"" + c.field() + "\" is not a field of " + e.name()));
            } else if (!MATCHABLE.contains(f.type())) {
                out.add(new Problem(
                        doc,
                        cat + "/field",
                        e.name() + "." + c.field() + " is a " + f.type()
                                + "; duplicate rules compare text, e-mail, phone and URL fields"));
            }
            if (c.threshold() != null && !c.method().equals("fuzzy")) {
                out.add(new Problem(doc, cat + "/threshold", "threshold applies to the fuzzy method only"));
            }
        }
    }

    private static Map<String, Object> without(Map<String, Object> values, String key) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(values);
        copy.remove(key);
        return copy;
    }
}
