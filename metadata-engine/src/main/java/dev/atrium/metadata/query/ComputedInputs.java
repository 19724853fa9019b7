package dev.atrium.metadata.query;

import dev.atrium.metadata.formula.Formula;
import dev.atrium.metadata.formula.FormulaException;
import dev.atrium.metadata.formula.FormulaParser;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.RollupDef;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The stored fields a formula or roll-up reads, through lookup paths and other formulas: what a reader
 * must be able to read to see its value. Pure; results are cached per field definition.
 */
public final class ComputedInputs {
    /** One field of one entity. */
    public record Input(String entity, String field) {}

    /** The inputs, and the definitions of the other entities the field's paths went through. */
    private record Cached(Set<Input> inputs, Map<String, EntityDef> consulted) {}

    /**
     * Per field definition, shared by every organisation with an equal definition: a hit counts only when
     * the entities its paths went through are the same in the asking organisation (another organisation
     * may point the same lookup at a different entity).
     */
    private static final Map<FieldDef, Cached> CACHE = new ConcurrentHashMap<>();

    private ComputedInputs() {}

    /** The inputs of a computed field of {@code entity}; empty for a stored field. */
    public static Set<Input> of(EntityDef entity, FieldDef computed, Function<String, EntityDef> entities) {
        if (computed.expression() == null && computed.rollup() == null) return Set.of();
        Cached cached = CACHE.get(computed);
        if (cached != null && sameEntities(cached.consulted(), entity, entities)) return cached.inputs();
        Set<Input> out = new LinkedHashSet<>();
        Map<String, EntityDef> consulted = new java.util.HashMap<>();
        consulted.put(entity.name(), entity);
        Function<String, EntityDef> recording = name -> {
            EntityDef def = entities.apply(name);
            consulted.put(name, def);
            return def;
        };
        collect(entity, computed, recording, out, new LinkedHashSet<>());
        Set<Input> result = Set.copyOf(out);
        if (CACHE.size() > 10_000) CACHE.clear();
        CACHE.put(computed, new Cached(result, java.util.Collections.unmodifiableMap(consulted)));
        return result;
    }

    private static boolean sameEntities(
            Map<String, EntityDef> consulted, EntityDef entity, Function<String, EntityDef> entities) {
        for (var e : consulted.entrySet()) {
            EntityDef now = e.getKey().equals(entity.name()) ? entity : entities.apply(e.getKey());
            if (now != e.getValue() && !java.util.Objects.equals(now, e.getValue())) return false;
        }
        return true;
    }

    private static void collect(
            EntityDef entity, FieldDef f, Function<String, EntityDef> entities, Set<Input> out, Set<String> visiting) {
        if (!visiting.add(entity.name() + "." + f.name())) return;
        if (f.rollup() != null) {
            rollup(entity, f.rollup(), entities, out);
        } else if (f.expression() != null) {
            try {
                refs(FormulaParser.parse(f.expression()), entity, entities, out, visiting);
            } catch (FormulaException invalid) {
                // validated at deployment; an unparsable formula computes nothing
            }
        }
    }

    private static void refs(
            Formula node,
            EntityDef entity,
            Function<String, EntityDef> entities,
            Set<Input> out,
            Set<String> visiting) {
        switch (node) {
            case Formula.Ref r -> path(entity, r.path().split("\\."), entities, out, visiting);
            case Formula.Unary u -> refs(u.operand(), entity, entities, out, visiting);
            case Formula.Binary b -> {
                refs(b.left(), entity, entities, out, visiting);
                refs(b.right(), entity, entities, out, visiting);
            }
            case Formula.Call c -> c.args().forEach(a -> refs(a, entity, entities, out, visiting));
            default -> {}
        }
    }

    private static void path(
            EntityDef start,
            String[] parts,
            Function<String, EntityDef> entities,
            Set<Input> out,
            Set<String> visiting) {
        EntityDef e = start;
        for (int i = 0; i < parts.length && e != null; i++) {
            FieldDef f = e.field(parts[i]).orElse(null);
            if (f == null) return; // a system field (id, owner_id...): readable with the record
            out.add(new Input(e.name(), f.name()));
            if (i == parts.length - 1) {
                if (f.expression() != null || f.rollup() != null) collect(e, f, entities, out, visiting);
            } else {
                e = f.target() == null ? null : entities.apply(f.target());
            }
        }
    }

    private static void rollup(EntityDef entity, RollupDef r, Function<String, EntityDef> entities, Set<Input> out) {
        EntityDef child = entities.apply(r.entity());
        if (child == null) return;
        if (child.field(r.via()).isPresent()) out.add(new Input(child.name(), r.via()));
        else out.add(new Input(entity.name(), r.via()));
        if (r.field() != null) out.add(new Input(child.name(), r.field()));
        if (r.filter() == null) return;
        try {
            filterFields(FilterParser.parse(r.filter()), child, out);
        } catch (FilterException invalid) {
            // validated at deployment
        }
    }

    private static void filterFields(Filter f, EntityDef child, Set<Input> out) {
        switch (f) {
            case Filter.And a -> a.parts().forEach(p -> filterFields(p, child, out));
            case Filter.Or o -> o.parts().forEach(p -> filterFields(p, child, out));
            case Filter.Not n -> filterFields(n.inner(), child, out);
            case Filter.Compare c -> field(c.path(), child, out);
            case Filter.IsNull n -> field(n.path(), child, out);
            case Filter.In in -> field(in.path(), child, out);
            case Filter.Like l -> field(l.path(), child, out);
        }
    }

    private static void field(String path, EntityDef child, Set<Input> out) {
        if (child.field(path).isPresent()) out.add(new Input(child.name(), path));
    }
}
