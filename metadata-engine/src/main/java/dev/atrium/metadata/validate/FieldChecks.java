package dev.atrium.metadata.validate;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.PicklistValue;
import dev.atrium.metadata.types.Column;
import dev.atrium.metadata.types.FieldType;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.types.InvalidValueException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The semantic rules of one field. Each rule adds at most one problem with its pointer. */
final class FieldChecks {
    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final Set<String> LINK_FIELD_TYPES = Set.of(
            "text",
            "long_text",
            "email",
            "phone",
            "url",
            "integer",
            "decimal",
            "percent",
            "boolean",
            "date",
            "datetime",
            "time",
            "picklist");
    private static final Set<String> UNIQUE_TYPES =
            Set.of("text", "email", "phone", "integer", "decimal", "percent", "autonumber");
    private static final Set<String> COMMON = Set.of("id", "name", "type", "label", "help", "required", "readOnly");

    private final FieldTypeRegistry types;
    private final Map<String, EntityDef> entities;

    FieldChecks(FieldTypeRegistry types, Map<String, EntityDef> entities) {
        this.types = types;
        this.entities = entities;
    }

    List<Problem> check(String doc, String at, FieldDef f) {
        return check(doc, at, f, null);
    }

    /** @param entity the field's entity (formulas are compiled against it), or null for link attributes */
    List<Problem> check(String doc, String at, FieldDef f, dev.atrium.metadata.model.EntityDef entity) {
        List<Problem> out = new ArrayList<>();
        FieldType type = types.find(f.type()).orElse(null);
        if (type == null) {
            out.add(new Problem(
                    doc,
                    at + "/type",
                    "Unknown field type \"" + f.type() + "\"; known types: " + String.join(", ", types.names())));
            return out;
        }
        if (f.name().contains("__")) {
            out.add(new Problem(
                    doc,
                    at + "/name",
                    "Field name \"" + f.name()
                            + "\" may not contain \"__\" (reserved for the platform's own columns)"));
        }
        for (Column c : type.columns(f)) {
            if (c.name().getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
                out.add(new Problem(
                        doc,
                        at + "/name",
                        "Column \"" + c.name()
                                + "\" would exceed PostgreSQL's 63-byte identifier limit; shorten the name"));
            }
        }
        for (String attr : presentAttributes(f)) {
            if (!COMMON.contains(attr) && !type.attributes().contains(attr)) {
                out.add(new Problem(
                        doc,
                        at + "/" + attr,
                        "\"" + attr + "\" does not apply to a " + f.type() + " field"
                                + (type.attributes().isEmpty()
                                        ? ""
                                        : " (it takes: " + String.join(", ", type.attributes()) + ")")));
            }
        }
        if (f.unique() && !UNIQUE_TYPES.contains(f.type())) {
            out.add(new Problem(
                    doc,
                    at + (f.externalId() ? "/externalId" : "/unique"),
                    "A " + f.type() + " field cannot be unique"));
        }
        if (f.precision() != null && f.scale() != null && f.scale() > f.precision()) {
            out.add(new Problem(
                    doc, at + "/scale", "scale (" + f.scale() + ") cannot exceed precision (" + f.precision() + ")"));
        }
        if (f.min() != null && f.max() != null && f.min().compareTo(f.max()) > 0) {
            out.add(new Problem(doc, at + "/min", "min (" + f.min() + ") is greater than max (" + f.max() + ")"));
        }
        if (f.maxLength() != null && f.type().equals("text") && f.maxLength() > 10_000) {
            out.add(new Problem(
                    doc, at + "/maxLength", "A text field holds at most 10000 characters; use long_text for more"));
        }
        if (f.type().equals("formula") && entity != null) {
            if (f.expression() == null || f.returns() == null) {
                out.add(new Problem(doc, at, "a formula needs \"expression\" and \"returns\""));
            } else {
                try {
                    new dev.atrium.metadata.query.FormulaCompiler(types, entities::get, "check")
                            .compile(entity, f, "t");
                } catch (dev.atrium.metadata.formula.FormulaException e) {
                    out.add(new Problem(doc, at + "/expression", e.getMessage()));
                }
            }
        }
        if (f.type().equals("rollup") && entity != null) {
            if (f.rollup() == null) {
                out.add(new Problem(doc, at, "a roll-up needs \"rollup\": {function, entity, via, field?, filter?}"));
            } else {
                try {
                    new dev.atrium.metadata.query.FormulaCompiler(types, entities::get, "check")
                            .compile(entity, f, "t");
                } catch (dev.atrium.metadata.formula.FormulaException e) {
                    out.add(new Problem(doc, at + "/rollup", e.getMessage()));
                }
            }
        }
        out.addAll(picklist(doc, at, f));
        out.addAll(references(doc, at, f));
        if (f.defaultValue() != null && !f.type().equals("json")) {
            try {
                if (type.computed() || type.linkTable()) throw new InvalidValueException("cannot have a default");
                type.toColumns(f, f.defaultValue());
            } catch (InvalidValueException e) {
                out.add(new Problem(doc, at + "/default", "The default value " + e.getMessage()));
            }
        }
        for (int i = 0; i < f.linkFields().size(); i++) {
            FieldDef lf = f.linkFields().get(i);
            String lat = at + "/linkFields/" + i;
            if (!LINK_FIELD_TYPES.contains(lf.type())) {
                out.add(new Problem(
                        doc,
                        lat + "/type",
                        "A link attribute must be a simple type ("
                                + String.join(
                                        ", ", LINK_FIELD_TYPES.stream().sorted().toList()) + ")"));
            } else if (Set.of("source_id", "target_id", "id").contains(lf.name())) {
                out.add(new Problem(doc, lat + "/name", "\"" + lf.name() + "\" is reserved on links"));
            } else {
                out.addAll(check(doc, lat, lf));
            }
        }
        return out;
    }

    private List<Problem> picklist(String doc, String at, FieldDef f) {
        List<Problem> out = new ArrayList<>();
        if (!f.type().equals("picklist") && !f.type().equals("multi_picklist")) return out;
        if (f.values().isEmpty()) {
            out.add(new Problem(doc, at + "/values", "A " + f.type() + " needs at least one value"));
        }
        Set<String> seen = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < f.values().size(); i++) {
            PicklistValue v = f.values().get(i);
            if (!seen.add(v.value())) {
                out.add(new Problem(
                        doc, at + "/values/" + i + "/value", "Picklist value \"" + v.value() + "\" is listed twice"));
            }
            if (v.id() != null && !ids.add(v.id())) {
                out.add(new Problem(
                        doc, at + "/values/" + i + "/id", "Picklist value id \"" + v.id() + "\" is listed twice"));
            }
        }
        return out;
    }

    private List<Problem> references(String doc, String at, FieldDef f) {
        List<Problem> out = new ArrayList<>();
        boolean needsTarget = Set.of("lookup", "master_detail", "many_to_many").contains(f.type());
        if (needsTarget) {
            if (f.target() == null) {
                out.add(new Problem(doc, at, "\"target\" is required here: the entity a " + f.type() + " points to"));
            } else if (!entities.containsKey(f.target())) {
                out.add(new Problem(
                        doc,
                        at + "/target",
                        "target \"" + f.target() + "\" is not an entity" + suggestion(f.target())));
            }
        }
        if (f.type().equals("polymorphic_lookup")) {
            if (f.targets().isEmpty()) {
                out.add(new Problem(doc, at, "\"targets\" is required here: the entities this lookup may point to"));
            }
            for (int i = 0; i < f.targets().size(); i++) {
                if (!entities.containsKey(f.targets().get(i))) {
                    out.add(new Problem(
                            doc,
                            at + "/targets/" + i,
                            "\"" + f.targets().get(i) + "\" is not an entity"
                                    + suggestion(f.targets().get(i))));
                }
            }
        }
        return out;
    }

    /** The closest entity name within two edits, as a hint. */
    private String suggestion(String name) {
        String best = null;
        int bestDistance = 3;
        for (String n : entities.keySet()) {
            int d = distance(name, n);
            if (d < bestDistance) {
                best = n;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean \"" + best + "\"?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(
                        Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static List<String> presentAttributes(FieldDef f) {
        List<String> a = new ArrayList<>();
        if (f.unique() && !f.externalId()) a.add("unique");
        if (f.externalId()) a.add("externalId");
        if (f.indexed()) a.add("indexed");
        if (f.searchable()) a.add("searchable");
        if (f.defaultValue() != null) a.add("default");
        if (f.maxLength() != null) a.add("maxLength");
        if (f.precision() != null) a.add("precision");
        if (f.scale() != null) a.add("scale");
        if (f.min() != null) a.add("min");
        if (f.max() != null) a.add("max");
        if (!f.values().isEmpty()) a.add("values");
        if (f.target() != null) a.add("target");
        if (!f.targets().isEmpty()) a.add("targets");
        if (f.prefix() != null) a.add("prefix");
        if (f.digits() != null) a.add("digits");
        if (!f.linkFields().isEmpty()) a.add("linkFields");
        if (f.currency() != null) a.add("currency");
        return a;
    }
}
