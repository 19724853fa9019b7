package dev.atrium.metadata.diff;

import dev.atrium.metadata.diff.Change.AddForeignKey;
import dev.atrium.metadata.diff.Change.CreateIndex;
import dev.atrium.metadata.diff.Change.DropForeignKey;
import dev.atrium.metadata.diff.Change.DropIndex;
import dev.atrium.metadata.diff.Change.IndexKind;
import dev.atrium.metadata.diff.Change.OnDelete;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.types.FieldType;
import dev.atrium.metadata.types.FieldTypeRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Indexes and reference constraints an entity's fields ask for, compared by name (derived from ids)
 * and by what they mean (kind, target entity id), so renames never rebuild them.
 */
final class Structures {
    private final FieldTypeRegistry types;

    Structures(FieldTypeRegistry types) {
        this.types = types;
    }

    private record Wanted(String name, String key, Change create, Change drop) {}

    void diff(SchemaDiff.Phases p, Map<String, EntityDef> oldById, Map<String, EntityDef> newById) {
        Map<String, Wanted> before = new LinkedHashMap<>();
        Map<String, Wanted> after = new LinkedHashMap<>();
        for (EntityDef e : oldById.values()) {
            EntityDef now = newById.get(e.id());
            if (now != null) collect(e, now.name(), oldById, before);
        }
        for (EntityDef e : newById.values()) collect(e, e.name(), newById, after);
        for (Wanted w : before.values()) {
            Wanted now = after.get(w.name());
            if (now == null || !Objects.equals(now.key(), w.key())) p.dropConstraints.add(w.drop());
        }
        for (Wanted w : after.values()) {
            Wanted then = before.get(w.name());
            if (then == null || !Objects.equals(then.key(), w.key())) p.constraints.add(w.create());
        }
    }

    /** Structures of one entity; {@code table} is its table's name after this deployment's renames. */
    private void collect(EntityDef e, String table, Map<String, EntityDef> entitiesById, Map<String, Wanted> out) {
        String owner = Names.ownerIndex(e.id());
        out.put(
                owner,
                new Wanted(
                        owner,
                        "owner",
                        new CreateIndex(table, owner, "owner_id", IndexKind.BTREE),
                        new DropIndex(owner)));
        String recent = Names.recentIndex(e.id());
        out.put(
                recent,
                new Wanted(
                        recent,
                        "recent",
                        new CreateIndex(table, recent, "created_at", IndexKind.RECENT),
                        new DropIndex(recent)));
        for (FieldDef f : e.fields()) {
            FieldType type = types.require(f.type());
            if (type.linkTable() || type.columns(f).isEmpty()) continue;
            String column = type.columns(f).get(0).name();
            boolean reference = f.type().equals("lookup") || f.type().equals("master_detail");
            if (reference || f.type().equals("polymorphic_lookup") || (f.indexed() && !f.unique())) {
                String n = Names.index(f.id());
                out.put(
                        n,
                        new Wanted(n, "btree", new CreateIndex(table, n, column, IndexKind.BTREE), new DropIndex(n)));
            }
            if (f.unique()) {
                String n = Names.uniqueIndex(f.id());
                out.put(
                        n,
                        new Wanted(n, "unique", new CreateIndex(table, n, column, IndexKind.UNIQUE), new DropIndex(n)));
            }
            if (f.searchable() && type.textual()) {
                String n = Names.trigramIndex(f.id());
                out.put(
                        n,
                        new Wanted(
                                n, "trigram", new CreateIndex(table, n, column, IndexKind.TRIGRAM), new DropIndex(n)));
            }
            if (reference) {
                String n = Names.foreignKey(f.id());
                EntityDef target = entityNamed(f.target(), entitiesById);
                String targetKey = target == null ? f.target() : target.id();
                OnDelete onDelete = f.type().equals("master_detail") ? OnDelete.CASCADE : OnDelete.SET_NULL;
                out.put(
                        n,
                        new Wanted(
                                n,
                                "fk:" + targetKey + ":" + onDelete,
                                new AddForeignKey(table, column, n, f.target(), onDelete),
                                new DropForeignKey(table, n)));
            }
        }
    }

    private static EntityDef entityNamed(String name, Map<String, EntityDef> entitiesById) {
        for (EntityDef e : entitiesById.values()) {
            if (e.name().equals(name)) return e;
        }
        return null;
    }
}
