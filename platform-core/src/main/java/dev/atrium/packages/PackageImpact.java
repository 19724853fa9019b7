package dev.atrium.packages;

import dev.atrium.metadata.merge.ThreeWayMerge;
import dev.atrium.metadata.merge.Trees;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.types.ReferenceTypes.ManyToManyType;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What needs a person's decision before a package operation applies: properties both sides changed
 * (conflicts), and removals that would take data or break something the organisation built: an entity
 * or field that holds values, a picklist value records still use, a field that remaining formulas,
 * rules, views or workflows reference, a type change whose values would not all convert. Each item
 * has the path a decision names; undecided items stop the operation.
 */
final class PackageImpact {
    private static final Pattern ENTITY = Pattern.compile("^/entities/([^/\\[]+)$");
    private static final Pattern FIELD = Pattern.compile("^/entities/([^/\\[]+)/fields\\[([^\\]]+)\\]$");
    private static final Pattern VALUE =
            Pattern.compile("^/entities/([^/\\[]+)/fields\\[([^\\]]+)\\]/values\\[([^\\]]+)\\]$");

    private final SqlConnection conn;
    private final Tenant tenant;
    private final MetadataSnapshot live;
    private final FieldTypeRegistry types;
    private final PackagePlanner.Plan plan;
    private final Map<String, ThreeWayMerge.Side> decisions;
    private final JsonArray items = new JsonArray();

    private PackageImpact(
            SqlConnection conn,
            Tenant tenant,
            MetadataSnapshot live,
            FieldTypeRegistry types,
            PackagePlanner.Plan plan,
            Map<String, ThreeWayMerge.Side> decisions) {
        this.conn = conn;
        this.tenant = tenant;
        this.live = live;
        this.types = types;
        this.plan = plan;
        this.decisions = decisions;
    }

    /** The decision items of a plan; {@code preview} is the deployment's dry run (for conversions). */
    static JsonArray decisions(
            SqlConnection conn,
            Tenant tenant,
            MetadataSnapshot live,
            FieldTypeRegistry types,
            PackagePlanner.Plan plan,
            JsonObject preview,
            Map<String, ThreeWayMerge.Side> decisions) {
        PackageImpact i = new PackageImpact(conn, tenant, live, types, plan, decisions);
        for (ThreeWayMerge.Conflict c : plan.conflicts()) i.conflict(c);
        for (ThreeWayMerge.Removal r : plan.removals()) i.removal(r);
        if (preview != null) i.conversions(preview.getJsonArray("conversions", new JsonArray()));
        return i.items;
    }

    private void conflict(ThreeWayMerge.Conflict c) {
        String what = c.pkg() == Trees.ABSENT
                ? "changed here, and the package removes it"
                : c.tenant() == Trees.ABSENT
                        ? "removed here, and the package changes it"
                        : "changed here and in the package, differently";
        items.add(item("conflict", c.path(), where(c.path()) + ": " + what)
                .put("base", json(c.base()))
                .put("tenant", json(c.tenant()))
                .put("package", json(c.pkg())));
    }

    private void removal(ThreeWayMerge.Removal r) {
        Matcher m;
        if ((m = ENTITY.matcher(r.path())).matches()) {
            EntityDef e = live.entityById(m.group(1)).orElse(null);
            long rows =
                    e == null ? 0 : count("SELECT count(*) AS n FROM " + Sql.table(tenant.schema(), e.name()), null);
            if (rows > 0) {
                items.add(item(
                                "removal",
                                r.path(),
                                "the package removes the entity " + e.name() + ", which holds " + rows
                                        + " record(s); they are kept aside until purged")
                        .put("records", rows));
            }
        } else if ((m = FIELD.matcher(r.path())).matches()) {
            field(r.path(), m.group(1), m.group(2));
        } else if ((m = VALUE.matcher(r.path())).matches()) {
            value(r.path(), m.group(1), m.group(2), m.group(3));
        }
    }

    private void field(String path, String entityId, String fieldId) {
        EntityDef e = live.entityById(entityId).orElse(null);
        FieldDef f = e == null ? null : e.fieldById(fieldId).orElse(null);
        if (f == null) return;
        long values = 0;
        var type = types.require(f.type());
        if (type.linkTable()) {
            values = count(
                    "SELECT count(*) AS n FROM " + Sql.table(tenant.schema(), ManyToManyType.junctionTable(f)), null);
        } else if (!type.formula() && !type.columns(f).isEmpty()) {
            values = count(
                    "SELECT count(*) AS n FROM " + Sql.table(tenant.schema(), e.name()) + " WHERE "
                            + Sql.ident(type.columns(f).get(0).name()) + " IS NOT NULL",
                    null);
        }
        List<String> uses = References.of(plan, live, e, f.name());
        if (values == 0 && uses.isEmpty()) return;
        String what = "the package removes the field " + e.name() + "." + f.name()
                + (values > 0 ? ", which " + values + " record(s) fill (kept aside until purged)" : "")
                + (uses.isEmpty() ? "" : (values > 0 ? " and" : ",") + " which " + String.join(", ", uses) + " use");
        items.add(item("removal", path, what).put("records", values).put("references", new JsonArray(uses)));
    }

    private void value(String path, String entityId, String fieldId, String valueId) {
        EntityDef e = live.entityById(entityId).orElse(null);
        FieldDef f = e == null ? null : e.fieldById(fieldId).orElse(null);
        if (f == null) return;
        String value = f.values().stream()
                .filter(v -> valueId.equals(v.id()))
                .map(v -> v.value())
                .findFirst()
                .orElse(null);
        if (value == null) return;
        boolean multi = f.type().equals("multi_picklist");
        String col = Sql.ident(f.name());
        long holding = count(
                "SELECT count(*) AS n FROM " + Sql.table(tenant.schema(), e.name()) + " WHERE "
                        + (multi ? "$1 = ANY(" + col + ")" : col + " = $1"),
                value);
        if (holding == 0) return;
        items.add(item(
                        "removal",
                        path,
                        "the package removes the value \"" + value + "\" of " + e.name() + "." + f.name() + ", which "
                                + holding + " record(s) hold; it would be cleared from them")
                .put("records", holding));
    }

    /** A type change whose values do not all convert: the path of the field's type decides. */
    private void conversions(JsonArray conversions) {
        for (int i = 0; i < conversions.size(); i++) {
            JsonObject c = conversions.getJsonObject(i);
            if (c.getLong("failing", 0L) == 0) continue;
            EntityDef e = live.entity(c.getString("table")).orElse(null);
            FieldDef f = e == null ? null : e.field(c.getString("column")).orElse(null);
            if (f == null) continue;
            String path = "/entities/" + e.id() + "/fields[" + f.id() + "]/type";
            items.add(item(
                            "conversion",
                            path,
                            "the package changes " + e.name() + "." + f.name() + " from "
                                    + c.getString("from") + " to " + c.getString("to") + "; " + c.getLong("failing")
                                    + " value(s) would not convert and be emptied (kept in a backup column)")
                    .put("records", c.getLong("failing"))
                    .put("samples", c.getJsonArray("failingSamples")));
        }
    }

    private JsonObject item(String kind, String path, String what) {
        ThreeWayMerge.Side decided = decisions.get(path);
        return new JsonObject()
                .put("kind", kind)
                .put("path", path)
                .put("entity", entityName(path))
                .put("what", what)
                .put("decided", decided != null)
                .put("choice", decided == null ? null : decided.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The place a path names, in names a person knows: {@code field name, label/es}. */
    private String where(String path) {
        String rest = path.substring("/entities/".length());
        int cut = rest.indexOf('/');
        int bracket = rest.indexOf('[');
        if (bracket >= 0 && (cut < 0 || bracket < cut)) cut = bracket;
        if (cut < 0) return "the entity";
        EntityDef e = live.entityById(rest.substring(0, cut)).orElse(null);
        String inner = rest.substring(cut).replaceFirst("^/", "");
        Matcher f = Pattern.compile("^fields\\[([^\\]]+)\\](.*)$").matcher(inner);
        if (e != null && f.matches()) {
            FieldDef field = e.fieldById(f.group(1)).orElse(null);
            String rem = f.group(2).replaceFirst("^/", "");
            return "field " + (field == null ? f.group(1) : field.name()) + (rem.isEmpty() ? "" : ", " + rem);
        }
        return inner;
    }

    private String entityName(String path) {
        String rest = path.substring("/entities/".length());
        int end = rest.indexOf('/');
        int bracket = rest.indexOf('[');
        if (bracket >= 0 && (end < 0 || bracket < end)) end = bracket;
        String id = end < 0 ? rest : rest.substring(0, end);
        return plan.names().getOrDefault(id, id);
    }

    private long count(String sql, String param) {
        var rows = conn.preparedQuery(sql)
                .execute(param == null ? Tuple.tuple() : Tuple.of(param))
                .await();
        return rows.iterator().next().getLong("n");
    }

    private static Object json(Object tree) {
        if (tree == Trees.ABSENT) return null;
        if (tree instanceof Map<?, ?> m) return new JsonObject(dev.atrium.metadata.packages.PackageDef.cast(m));
        if (tree instanceof List<?> l) return new JsonArray(new java.util.ArrayList<>(l));
        return tree;
    }
}
