package dev.atrium.metadata.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One field of an entity, exactly as written in metadata (sparse: absent attributes are null or false).
 *
 * <p>{@code id} is stable for the life of the field; {@code name} is the API name and the column name,
 * so renaming a field renames its column and keeps the data. What a {@code type} means (columns, JSON
 * Schema, validation) is decided by the {@code FieldTypeRegistry}.
 *
 * @param id stable identifier, e.g. {@code fld_7k2m9q}; never reused
 * @param name API name: lower snake case, at most 40 characters
 * @param type field type name, e.g. {@code text}, {@code currency}, {@code lookup}
 * @param label translated labels by locale ({@code en}, {@code es}, {@code zh-CN}, {@code ru}...)
 * @param help translated help text by locale
 * @param defaultValue JSON value (String, Number, Boolean, List) used when a create omits the field
 * @param values picklist values, in display order
 * @param target entity name a lookup / master_detail / many_to_many points to
 * @param targets entity names a polymorphic lookup may point to
 * @param prefix autonumber prefix, e.g. {@code INV-}
 * @param digits autonumber zero-padding width
 * @param linkFields attributes stored on a many_to_many link
 * @param currency default ISO 4217 code of a currency field
 * @param expression a formula field's expression (see docs/reference/formulas.md)
 * @param returns a formula field's result type: text, number, currency, percent, date, datetime, boolean
 * @param rollup a roll-up field's aggregate
 */
public record FieldDef(
        String id,
        String name,
        String type,
        Map<String, String> label,
        Map<String, String> help,
        boolean required,
        boolean unique,
        boolean indexed,
        boolean readOnly,
        boolean searchable,
        boolean externalId,
        Object defaultValue,
        Integer maxLength,
        Integer precision,
        Integer scale,
        BigDecimal min,
        BigDecimal max,
        List<PicklistValue> values,
        String target,
        List<String> targets,
        String prefix,
        Integer digits,
        List<FieldDef> linkFields,
        String currency,
        String expression,
        String returns,
        RollupDef rollup) {

    public FieldDef {
        label = label == null ? Map.of() : Map.copyOf(label);
        help = help == null ? Map.of() : Map.copyOf(help);
        values = values == null ? List.of() : List.copyOf(values);
        targets = targets == null ? List.of() : List.copyOf(targets);
        linkFields = linkFields == null ? List.of() : List.copyOf(linkFields);
    }

    /** A minimal field; the other attributes take their defaults. */
    public static FieldDef of(String id, String name, String type) {
        return new FieldDef(
                id, name, type, null, null, false, false, false, false, false, false, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    public FieldDef withId(String newId) {
        return new FieldDef(
                newId,
                name,
                type,
                label,
                help,
                required,
                unique,
                indexed,
                readOnly,
                searchable,
                externalId,
                defaultValue,
                maxLength,
                precision,
                scale,
                min,
                max,
                values,
                target,
                targets,
                prefix,
                digits,
                linkFields,
                currency,
                expression,
                returns,
                rollup);
    }

    public FieldDef withValues(List<PicklistValue> newValues) {
        return new FieldDef(
                id,
                name,
                type,
                label,
                help,
                required,
                unique,
                indexed,
                readOnly,
                searchable,
                externalId,
                defaultValue,
                maxLength,
                precision,
                scale,
                min,
                max,
                newValues,
                target,
                targets,
                prefix,
                digits,
                linkFields,
                currency,
                expression,
                returns,
                rollup);
    }

    public FieldDef withLinkFields(List<FieldDef> newLinkFields) {
        return new FieldDef(
                id,
                name,
                type,
                label,
                help,
                required,
                unique,
                indexed,
                readOnly,
                searchable,
                externalId,
                defaultValue,
                maxLength,
                precision,
                scale,
                min,
                max,
                values,
                target,
                targets,
                prefix,
                digits,
                newLinkFields,
                currency,
                expression,
                returns,
                rollup);
    }

    /** The picklist value with this API value, if any. */
    public PicklistValue value(String apiValue) {
        for (PicklistValue v : values) {
            if (v.value().equals(apiValue)) return v;
        }
        return null;
    }

    /** English label, else the name: what error messages call the field. */
    public String displayName() {
        return label.getOrDefault("en", name);
    }
}
