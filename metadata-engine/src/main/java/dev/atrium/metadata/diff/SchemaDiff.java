package dev.atrium.metadata.diff;

import dev.atrium.metadata.diff.Change.AddColumn;
import dev.atrium.metadata.diff.Change.AlterColumnType;
import dev.atrium.metadata.diff.Change.CreateJunction;
import dev.atrium.metadata.diff.Change.CreateTable;
import dev.atrium.metadata.diff.Change.RenameColumn;
import dev.atrium.metadata.diff.Change.RenamePicklistValue;
import dev.atrium.metadata.diff.Change.RenameTable;
import dev.atrium.metadata.diff.Change.RestoreColumn;
import dev.atrium.metadata.diff.Change.SetAsideColumn;
import dev.atrium.metadata.diff.Change.SetAsideTable;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.PicklistValue;
import dev.atrium.metadata.types.Column;
import dev.atrium.metadata.types.FieldType;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.types.ReferenceTypes.ManyToManyType;
import dev.atrium.metadata.validate.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure heart of a deployment: {@code diff(old, new)} lists what must change in the database, matched
 * by stable ids (so a renamed field is a RENAME, never a drop and add). No I/O; the same inputs always
 * give the same plan. Changes come sorted into phases so that every step finds what it needs:
 * renames, creates, columns, link tables, removals, then constraints and indexes.
 */
public final class SchemaDiff {
    private final FieldTypeRegistry types;

    public SchemaDiff(FieldTypeRegistry types) {
        this.types = types;
    }

    /**
     * @param before entities deployed now (ids assigned)
     * @param after entities wanted (ids assigned, validated)
     * @param asideIds ids of fields and entities that were removed earlier and are still recoverable
     */
    public MigrationPlan diff(Collection<EntityDef> before, Collection<EntityDef> after, Set<String> asideIds) {
        return diff(before, after, asideIds, Map.of());
    }

    /**
     * @param asideEntities the definitions entities had when they were set aside (by id): an entity that
     *                      comes back is restored with its table, indexes and constraints as they were, and
     *                      then changed to its new definition
     */
    public MigrationPlan diff(
            Collection<EntityDef> before,
            Collection<EntityDef> after,
            Set<String> asideIds,
            Map<String, EntityDef> asideEntities) {
        Phases p = new Phases();
        Map<String, EntityDef> oldById = byId(before);
        Map<String, EntityDef> structuresBefore = new LinkedHashMap<>(oldById);
        Map<String, EntityDef> newById = byId(after);
        Map<String, String> newTableOfEntityName = new LinkedHashMap<>();
        for (EntityDef e : after) newTableOfEntityName.put(e.name(), e.name());
        Structures structures = new Structures(types);

        for (EntityDef e : after) {
            EntityDef old = oldById.get(e.id());
            if (old == null && asideIds.contains(e.id())) {
                p.tables.add(new RenameTable(Names.asideTable(e.id()), e.name()));
                old = asideEntities.getOrDefault(e.id(), e).withName(e.name());
                structuresBefore.put(e.id(), old);
            }
            if (old == null) {
                List<Column> cols = new ArrayList<>();
                for (FieldDef f : e.fields())
                    cols.addAll(types.require(f.type()).columns(f));
                p.tables.add(new CreateTable(e, cols));
                for (FieldDef f : e.fields()) addFieldExtras(p, e, f);
            } else {
                if (!old.name().equals(e.name())) p.tables.add(new RenameTable(old.name(), e.name()));
                diffFields(p, old, e, asideIds);
            }
        }
        for (EntityDef old : before) {
            if (!newById.containsKey(old.id())) {
                p.removals.add(new SetAsideTable(old.name(), Names.asideTable(old.id())));
            }
        }
        structures.diff(p, structuresBefore, newById);
        return new MigrationPlan(p.ordered(), p.problems);
    }

    private void diffFields(Phases p, EntityDef old, EntityDef e, Set<String> asideIds) {
        String table = e.name();
        for (FieldDef f : e.fields()) {
            FieldDef was = old.fieldById(f.id()).orElse(null);
            FieldType type = types.require(f.type());
            if (was == null) {
                if (asideIds.contains(f.id())) {
                    restore(p, table, f, type);
                } else {
                    for (Column c : type.columns(f)) p.columns.add(new AddColumn(table, c));
                    addFieldExtras(p, e, f);
                }
                continue;
            }
            FieldType wasType = types.require(was.type());
            List<Column> oldCols = wasType.columns(was);
            List<Column> newCols = type.columns(f);
            if (wasType.linkTable() != type.linkTable()
                    || oldCols.size() != newCols.size()
                    || wasType.computed() != type.computed()) {
                p.problems.add(new Problem(
                        e.name(),
                        "/fields/" + e.fields().indexOf(f) + "/type",
                        "Changing " + f.name() + " from " + was.type() + " to " + f.type()
                                + " is not supported; add a new field, copy the data, then remove the old one"));
                continue;
            }
            for (int i = 0; i < newCols.size(); i++) {
                Column oc = oldCols.get(i);
                Column nc = newCols.get(i);
                if (!oc.name().equals(nc.name())) p.columns.add(new RenameColumn(table, oc.name(), nc.name()));
                if (!oc.sqlType().equals(nc.sqlType())) {
                    boolean safe = TypeWidening.safe(oc.sqlType(), nc.sqlType());
                    p.columns.add(new AlterColumnType(
                            table,
                            nc.name(),
                            oc.sqlType(),
                            nc.sqlType(),
                            safe,
                            safe ? null : Names.backupColumn(f.id(), i)));
                }
            }
            for (PicklistValue v : f.values()) {
                PicklistValue before = was.values().stream()
                        .filter(x -> x.id() != null && x.id().equals(v.id()))
                        .findFirst()
                        .orElse(null);
                if (before != null && !before.value().equals(v.value())) {
                    p.columns.add(new RenamePicklistValue(
                            table, f.name(), before.value(), v.value(), f.type().equals("multi_picklist")));
                }
            }
            for (PicklistValue gone : was.values()) {
                boolean kept = f.values().stream()
                        .anyMatch(v -> gone.id() != null
                                ? gone.id().equals(v.id())
                                : gone.value().equals(v.value()));
                if (!kept) {
                    p.columns.add(new Change.ClearPicklistValue(
                            table, f.name(), gone.value(), f.type().equals("multi_picklist")));
                }
            }
        }
        for (FieldDef was : old.fields()) {
            if (e.fieldById(was.id()).isEmpty()) {
                FieldType wasType = types.require(was.type());
                if (wasType.linkTable()) {
                    String junction = ManyToManyType.junctionTable(was);
                    p.removals.add(new SetAsideTable(junction, Names.asideTable(was.id())));
                }
                List<Column> cols = wasType.columns(was);
                for (int i = 0; i < cols.size(); i++) {
                    p.removals.add(new SetAsideColumn(table, cols.get(i).name(), Names.asideColumn(was.id(), i)));
                }
            }
        }
    }

    private void restore(Phases p, String table, FieldDef f, FieldType type) {
        if (type.linkTable()) {
            p.tables.add(new RenameTable(Names.asideTable(f.id()), ManyToManyType.junctionTable(f)));
        }
        List<Column> cols = type.columns(f);
        for (int i = 0; i < cols.size(); i++) {
            p.columns.add(new RestoreColumn(
                    table, Names.asideColumn(f.id(), i), cols.get(i).name()));
        }
    }

    private void addFieldExtras(Phases p, EntityDef e, FieldDef f) {
        if (f.type().equals("autonumber")) {
            p.columns.add(new Change.CreateAutonumber(
                    e.name(),
                    f.name(),
                    Names.sequence(f.id()),
                    f.prefix() == null ? "" : f.prefix(),
                    f.digits() == null ? 6 : f.digits()));
        }
        if (types.require(f.type()).linkTable()) {
            List<Column> attrs = new ArrayList<>();
            for (FieldDef lf : f.linkFields())
                attrs.addAll(types.require(lf.type()).columns(lf));
            p.junctions.add(new CreateJunction(ManyToManyType.junctionTable(f), e.name(), f.target(), attrs));
        }
    }

    private static Map<String, EntityDef> byId(Collection<EntityDef> entities) {
        Map<String, EntityDef> m = new LinkedHashMap<>();
        for (EntityDef e : entities) m.put(e.id(), e);
        return m;
    }

    /** Changes sorted by phase; see the class comment for why this order. */
    static final class Phases {
        final List<Change> tables = new ArrayList<>();
        final List<Change> columns = new ArrayList<>();
        final List<Change> junctions = new ArrayList<>();
        final List<Change> dropConstraints = new ArrayList<>();
        final List<Change> removals = new ArrayList<>();
        final List<Change> constraints = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();

        List<Change> ordered() {
            List<Change> all = new ArrayList<>();
            all.addAll(tables);
            all.addAll(columns);
            all.addAll(junctions);
            all.addAll(dropConstraints);
            all.addAll(removals);
            all.addAll(constraints);
            return all;
        }
    }
}
