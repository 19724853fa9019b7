package dev.atrium.metadata.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An entity (object) definition: one table in the tenant's schema, one resource in the records API.
 *
 * @param id stable identifier, e.g. {@code ent_opportunity}; survives renames
 * @param name API name and table name
 * @param titleField the field that names a record in lists, lookups and search results
 * @param fields in display order
 * @param portalAccount the lookup to account that names a record's company for portal users (who see only
 *     their company's records); null: portal users see the entity's records only with view-all (reference
 *     data such as products), or, for a master-detail child, as its master
 * @param team on a master-detail child (an account's team members): the users its {@code member} field names
 *     get {@code access} (read or edit) to the master record; null for other entities
 * @param ui how the app shows the entity: {@code layout} (sections of fields), {@code list} (columns),
 *           {@code kanban} and {@code calendar} (the picklist and date fields they use); plain JSON
 */
public record EntityDef(
        String id,
        String name,
        Map<String, String> label,
        Map<String, String> pluralLabel,
        Map<String, String> description,
        String titleField,
        List<FieldDef> fields,
        List<RuleDef> rules,
        List<WorkflowDef> workflows,
        List<StateMachineDef> stateMachines,
        List<ApprovalDef> approvals,
        Map<String, Object> ui,
        List<ConversionDef> conversions,
        List<MatchingRuleDef> duplicates,
        String portalAccount,
        TeamDef team) {

    public EntityDef {
        conversions = conversions == null ? List.of() : List.copyOf(conversions);
        duplicates = duplicates == null ? List.of() : List.copyOf(duplicates);
        ui = ui == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ui));
        label = label == null ? Map.of() : Map.copyOf(label);
        pluralLabel = pluralLabel == null ? Map.of() : Map.copyOf(pluralLabel);
        description = description == null ? Map.of() : Map.copyOf(description);
        fields = fields == null ? List.of() : List.copyOf(fields);
        rules = rules == null ? List.of() : List.copyOf(rules);
        workflows = workflows == null ? List.of() : List.copyOf(workflows);
        stateMachines = stateMachines == null ? List.of() : List.copyOf(stateMachines);
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
    }

    public EntityDef(
            String id,
            String name,
            Map<String, String> label,
            Map<String, String> pluralLabel,
            Map<String, String> description,
            String titleField,
            List<FieldDef> fields,
            List<RuleDef> rules,
            List<WorkflowDef> workflows,
            List<StateMachineDef> stateMachines,
            List<ApprovalDef> approvals) {
        this(
                id,
                name,
                label,
                pluralLabel,
                description,
                titleField,
                fields,
                rules,
                workflows,
                stateMachines,
                approvals,
                Map.<String, Object>of());
    }

    public EntityDef(
            String id,
            String name,
            Map<String, String> label,
            Map<String, String> pluralLabel,
            Map<String, String> description,
            String titleField,
            List<FieldDef> fields,
            List<RuleDef> rules,
            List<WorkflowDef> workflows,
            List<StateMachineDef> stateMachines,
            List<ApprovalDef> approvals,
            Map<String, Object> ui) {
        this(
                id,
                name,
                label,
                pluralLabel,
                description,
                titleField,
                fields,
                rules,
                workflows,
                stateMachines,
                approvals,
                ui,
                List.of(),
                List.of(),
                null,
                null);
    }

    public EntityDef(
            String id,
            String name,
            Map<String, String> label,
            Map<String, String> pluralLabel,
            Map<String, String> description,
            String titleField,
            List<FieldDef> fields,
            List<RuleDef> rules,
            List<WorkflowDef> workflows,
            List<StateMachineDef> stateMachines) {
        this(id, name, label, pluralLabel, description, titleField, fields, rules, workflows, stateMachines, List.of());
    }

    public EntityDef(
            String id,
            String name,
            Map<String, String> label,
            Map<String, String> pluralLabel,
            Map<String, String> description,
            String titleField,
            List<FieldDef> fields,
            List<RuleDef> rules,
            List<WorkflowDef> workflows) {
        this(id, name, label, pluralLabel, description, titleField, fields, rules, workflows, List.of(), List.of());
    }

    public EntityDef(
            String id,
            String name,
            Map<String, String> label,
            Map<String, String> pluralLabel,
            Map<String, String> description,
            String titleField,
            List<FieldDef> fields,
            List<RuleDef> rules) {
        this(id, name, label, pluralLabel, description, titleField, fields, rules, List.of(), List.of(), List.of());
    }

    public EntityDef(
            String id,
            String name,
            Map<String, String> label,
            Map<String, String> pluralLabel,
            Map<String, String> description,
            String titleField,
            List<FieldDef> fields) {
        this(id, name, label, pluralLabel, description, titleField, fields, List.of(), List.of(), List.of(), List.of());
    }

    /** A team: the users named in {@code member} (a user field) get {@code access} to the master record. */
    public record TeamDef(String member, String access) {}

    public Optional<ConversionDef> conversion(String conversionName) {
        return conversions.stream().filter(c -> c.name().equals(conversionName)).findFirst();
    }

    /** The field that points at {@code parent}: its master-detail field first, else its first lookup. */
    public Optional<FieldDef> linkTo(String parent) {
        FieldDef lookup = null;
        for (FieldDef f : fields) {
            if (!parent.equals(f.target())) continue;
            if (f.type().equals("master_detail")) return Optional.of(f);
            if (f.type().equals("lookup") && lookup == null) lookup = f;
        }
        return Optional.ofNullable(lookup);
    }

    public Optional<FieldDef> field(String fieldName) {
        for (FieldDef f : fields) {
            if (f.name().equals(fieldName)) return Optional.of(f);
        }
        return Optional.empty();
    }

    public Optional<FieldDef> fieldById(String fieldId) {
        for (FieldDef f : fields) {
            if (f.id().equals(fieldId)) return Optional.of(f);
        }
        return Optional.empty();
    }

    public EntityDef withId(String newId) {
        return new EntityDef(
                newId,
                name,
                label,
                pluralLabel,
                description,
                titleField,
                fields,
                rules,
                workflows,
                stateMachines,
                approvals,
                ui,
                conversions,
                duplicates,
                portalAccount,
                team);
    }

    public EntityDef withName(String newName) {
        return new EntityDef(
                id,
                newName,
                label,
                pluralLabel,
                description,
                titleField,
                fields,
                rules,
                workflows,
                stateMachines,
                approvals,
                ui,
                conversions,
                duplicates,
                portalAccount,
                team);
    }

    public EntityDef withFields(List<FieldDef> newFields) {
        return new EntityDef(
                id,
                name,
                label,
                pluralLabel,
                description,
                titleField,
                newFields,
                rules,
                workflows,
                stateMachines,
                approvals,
                ui,
                conversions,
                duplicates,
                portalAccount,
                team);
    }

    public EntityDef withRules(List<RuleDef> newRules) {
        return new EntityDef(
                id,
                name,
                label,
                pluralLabel,
                description,
                titleField,
                fields,
                newRules,
                workflows,
                stateMachines,
                approvals,
                ui,
                conversions,
                duplicates,
                portalAccount,
                team);
    }

    public EntityDef withWorkflows(List<WorkflowDef> newWorkflows) {
        return new EntityDef(
                id,
                name,
                label,
                pluralLabel,
                description,
                titleField,
                fields,
                rules,
                newWorkflows,
                stateMachines,
                approvals,
                ui,
                conversions,
                duplicates,
                portalAccount,
                team);
    }

    public String displayName() {
        return label.getOrDefault("en", name);
    }
}
