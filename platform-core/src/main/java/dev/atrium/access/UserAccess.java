package dev.atrium.access;

import dev.atrium.auth.Principal;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.query.FieldVisibility;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.query.QueryCompiler.Scope;
import dev.atrium.metadata.query.RowScope;
import dev.atrium.metadata.sql.Sql;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A non-administrator's access, loaded once and cached (see {@link AccessService}). Record access is
 * the union of: owning the record or being above its owner in the role hierarchy or on a team with the
 * owner; a manual share to the user or one of their groups; a sharing rule whose filter the record
 * matches; being named in a team child of the record (an account team member). Master-detail children
 * have exactly their master's access.
 *
 * @param owners the user, users in roles below theirs, and their teammates
 * @param rules sharing rules that apply to the user (through their role or a group)
 * @param portalAccount for a portal user, their company: they see the account itself, records whose portal
 *     lookup names it (and the master-detail children of those), and entities without a portal lookup only
 *     with view-all (reference data); ownership, shares and sharing rules do not widen that
 */
public record UserAccess(
        Principal principal,
        Grants grants,
        UUID[] owners,
        UUID[] groups,
        List<Rule> rules,
        MetadataSnapshot snapshot,
        QueryCompiler compiler,
        UUID portalAccount)
        implements Access {

    /** A sharing rule: records of {@code entity} matching {@code filter} are shared with {@code access}. */
    public record Rule(UUID id, String name, String entity, String filter, String access) {}

    @Override
    public boolean can(EntityDef entity, String operation) {
        return grants.entity(entity.name()).can(operation);
    }

    /**
     * Granted fields of entities the user may read; a formula or roll-up only when every field it reads
     * is among them (see {@link FieldVisibility#withComputedInputs}).
     */
    @Override
    public FieldVisibility fields() {
        FieldVisibility granted = (e, f) -> {
            Grants.EntityGrant g = grants.entity(e.name());
            return g.can("read") && g.canRead(f.name());
        };
        return FieldVisibility.withComputedInputs(
                granted, name -> snapshot.entity(name).orElse(null));
    }

    @Override
    public RowScope rows(String schema) {
        return (entity, alias, params) -> {
            if (!can(entity, "read")) return "FALSE";
            if (unrestricted(entity, false)) return null;
            return predicate(entity, schema, alias, false, params, 0);
        };
    }

    @Override
    public boolean canEdit(EntityDef entity, FieldDef field) {
        return grants.entity(entity.name()).canEdit(field.name());
    }

    @Override
    public Scope scope(EntityDef entity, String schema, String alias, boolean edit) {
        if (unrestricted(entity, edit)) return null;
        return params -> predicate(entity, schema, alias, edit, params, 0);
    }

    private boolean unrestricted(EntityDef e, boolean edit) {
        Grants.EntityGrant g = grants.entity(e.name());
        if (portalAccount != null && (e.name().equals("account") || e.portalAccount() != null)) return false;
        if (portalAccount != null && hasMaster(e)) return false;
        return g.can("modifyAll") || (!edit && g.can("viewAll"));
    }

    private static boolean hasMaster(EntityDef e) {
        return e.fields().stream().anyMatch(f -> f.type().equals("master_detail"));
    }

    private String predicate(EntityDef e, String schema, String alias, boolean edit, List<Object> params, int depth) {
        for (FieldDef f : e.fields()) {
            if (!f.type().equals("master_detail") || depth > 8) continue;
            EntityDef master = snapshot.entity(f.target()).orElseThrow();
            String m = "m" + depth;
            String inner = unrestricted(master, edit) ? "TRUE" : predicate(master, schema, m, edit, params, depth + 1);
            return "EXISTS (SELECT 1 FROM " + Sql.table(schema, master.name()) + " " + m + " WHERE " + m + ".\"id\" = "
                    + alias + "." + Sql.ident(f.name()) + " AND " + m + ".\"deleted_at\" IS NULL AND (" + inner + "))";
        }
        if (portalAccount != null) {
            params.add(portalAccount);
            if (e.name().equals("account")) return alias + ".\"id\" = $" + params.size();
            if (e.portalAccount() != null) return alias + "." + Sql.ident(e.portalAccount()) + " = $" + params.size();
            params.remove(params.size() - 1);
            return "FALSE";
        }
        List<String> any = new ArrayList<>();
        params.add(owners);
        any.add(alias + ".\"owner_id\" = ANY($" + params.size() + ")");
        params.add(principal.tenantId());
        int tenant = params.size();
        params.add(e.name());
        int entity = params.size();
        params.add(principal.userId());
        int me = params.size();
        params.add(groups);
        any.add("EXISTS (SELECT 1 FROM atrium.record_shares s WHERE s.tenant_id = $" + tenant + " AND s.entity = $"
                + entity
                + " AND s.record_id = " + alias + ".\"id\" AND (s.user_id = $" + me + " OR s.group_id = ANY($"
                + params.size() + "))"
                + (edit ? " AND s.access = 'edit'" : "") + ")");
        // a team (an account's team members): the users a child record names get access to its master
        for (EntityDef child : snapshot.entities()) {
            if (child.team() == null || (edit && !"edit".equals(child.team().access()))) continue;
            for (FieldDef f : child.fields()) {
                if (!f.type().equals("master_detail") || !e.name().equals(f.target())) continue;
                String tm = "tm" + depth;
                any.add("EXISTS (SELECT 1 FROM " + Sql.table(schema, child.name()) + " " + tm + " WHERE " + tm + "."
                        + Sql.ident(f.name()) + " = " + alias + ".\"id\" AND " + tm + "."
                        + Sql.ident(child.team().member()) + " = $" + me + " AND " + tm + ".\"deleted_at\" IS NULL)");
            }
        }
        for (Rule r : rules) {
            if (!r.entity().equals(e.name()) || (edit && !r.access().equals("edit"))) continue;
            any.add("("
                    + compiler.condition(schema, snapshot, e, r.filter(), alias, params, LocalDate.now(ZoneOffset.UTC))
                    + ")");
        }
        return "(" + String.join(" OR ", any) + ")";
    }
}
