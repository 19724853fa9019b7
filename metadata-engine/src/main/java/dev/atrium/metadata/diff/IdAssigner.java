package dev.atrium.metadata.diff;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.model.PicklistValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gives every entity, field and picklist value without an id the id it already has in the live
 * metadata (matched by name within its parent), or a new one. Hand-written metadata may therefore leave
 * ids out; exported metadata always has them, so renames are recognised.
 */
public final class IdAssigner {
    private final Function<String, String> newId;

    /** @param newId makes a fresh id for a prefix ({@code ent}, {@code fld}, {@code pv}) */
    public IdAssigner(Function<String, String> newId) {
        this.newId = newId;
    }

    public List<EntityDef> assign(List<EntityDef> incoming, MetadataSnapshot live) {
        List<EntityDef> out = new ArrayList<>();
        for (EntityDef e : incoming) {
            EntityDef liveEntity = e.id() != null
                    ? live.entityById(e.id()).orElse(null)
                    : live.entity(e.name()).orElse(null);
            String id = e.id() != null ? e.id() : liveEntity != null ? liveEntity.id() : newId.apply("ent");
            List<FieldDef> fields = new ArrayList<>();
            for (FieldDef f : e.fields()) {
                FieldDef liveField = liveEntity == null
                        ? null
                        : f.id() != null
                                ? liveEntity.fieldById(f.id()).orElse(null)
                                : liveEntity.field(f.name()).orElse(null);
                fields.add(field(f, liveField));
            }
            List<dev.atrium.metadata.model.RuleDef> rules = new ArrayList<>();
            for (var r : e.rules()) {
                var liveRule = liveEntity == null
                        ? null
                        : liveEntity.rules().stream()
                                .filter(x -> x.name().equals(r.name()))
                                .findFirst()
                                .orElse(null);
                String rid = r.id() != null ? r.id() : liveRule != null ? liveRule.id() : newId.apply("rul");
                rules.add(r.withId(rid).withSource(r.source() != null ? r.source() : null));
            }
            List<dev.atrium.metadata.model.WorkflowDef> workflows = new ArrayList<>();
            for (var w : e.workflows()) {
                var liveWf = liveEntity == null
                        ? null
                        : liveEntity.workflows().stream()
                                .filter(x -> x.name().equals(w.name()))
                                .findFirst()
                                .orElse(null);
                workflows.add(w.withId(w.id() != null ? w.id() : liveWf != null ? liveWf.id() : newId.apply("wf")));
            }
            out.add(new EntityDef(
                    id,
                    e.name(),
                    e.label(),
                    e.pluralLabel(),
                    e.description(),
                    e.titleField(),
                    fields,
                    rules,
                    workflows,
                    e.stateMachines(),
                    e.approvals(),
                    e.ui(),
                    e.conversions(),
                    e.duplicates(),
                    e.portalAccount(),
                    e.team()));
        }
        return out;
    }

    private FieldDef field(FieldDef f, FieldDef live) {
        String id = f.id() != null ? f.id() : live != null ? live.id() : newId.apply("fld");
        List<PicklistValue> values = new ArrayList<>();
        for (PicklistValue v : f.values()) {
            if (v.id() != null) {
                values.add(v);
            } else {
                PicklistValue lv = live == null ? null : live.value(v.value());
                values.add(v.withId(lv != null ? lv.id() : newId.apply("pv")));
            }
        }
        List<FieldDef> linkFields = new ArrayList<>();
        for (FieldDef lf : f.linkFields()) {
            FieldDef liveLf = live == null
                    ? null
                    : live.linkFields().stream()
                            .filter(x -> x.name().equals(lf.name()))
                            .findFirst()
                            .orElse(null);
            linkFields.add(field(lf, liveLf));
        }
        return f.withId(id).withValues(values).withLinkFields(linkFields);
    }
}
