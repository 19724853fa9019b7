package dev.atrium.metadata.types;

import static dev.atrium.metadata.types.Schemas.of;

import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.model.PicklistValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** boolean, picklist, multi_picklist. Picklists store the API value of each choice. */
final class ChoiceTypes {
    private ChoiceTypes() {}

    static List<FieldType> all() {
        return List.of(
                ScalarFieldType.simple(
                        "boolean",
                        ColumnKind.BOOLEAN,
                        List.of("indexed", "default"),
                        f -> "boolean",
                        f -> of("type", "boolean"),
                        (f, v) -> {
                            if (!(v instanceof Boolean b)) throw new InvalidValueException("must be true or false");
                            return b;
                        }),
                ScalarFieldType.simple(
                        "picklist",
                        ColumnKind.TEXT,
                        List.of("values", "indexed", "default"),
                        f -> "varchar(255)",
                        f -> of("type", "string", "enum", apiValues(f)),
                        ChoiceTypes::choice),
                new ScalarFieldType("multi_picklist", ColumnKind.TEXT_ARRAY, List.of("values", "default")) {
                    @Override
                    protected String sqlType(FieldDef f) {
                        return "text[]";
                    }

                    @Override
                    protected Map<String, Object> valueSchema(FieldDef f) {
                        return of(
                                "type",
                                "array",
                                "items",
                                of("type", "string", "enum", apiValues(f)),
                                "uniqueItems",
                                true);
                    }

                    @Override
                    protected Object toColumn(FieldDef f, Object v) throws InvalidValueException {
                        if (!(v instanceof List<?> list)) throw new InvalidValueException("must be a list of values");
                        Set<String> out = new LinkedHashSet<>();
                        for (Object item : list) {
                            if (!out.add(choice(f, item)))
                                throw new InvalidValueException("lists \"" + item + "\" twice");
                        }
                        return out.toArray(new String[0]);
                    }

                    @Override
                    protected Object fromColumn(FieldDef f, Object c) {
                        return c instanceof Object[] arr ? new ArrayList<>(Arrays.asList(arr)) : c;
                    }
                });
    }

    static List<String> apiValues(FieldDef f) {
        return f.values().stream().map(PicklistValue::value).toList();
    }

    static String choice(FieldDef f, Object v) throws InvalidValueException {
        if (!(v instanceof String s)) throw new InvalidValueException("must be one of " + activeValues(f));
        PicklistValue pv = f.value(s);
        if (pv == null)
            throw new InvalidValueException(
                    "must be one of " + activeValues(f) + ", got \"" + Values.abbreviate(s) + "\"");
        if (!pv.active())
            throw new InvalidValueException("\"" + s + "\" is no longer active; choose one of " + activeValues(f));
        return s;
    }

    private static List<String> activeValues(FieldDef f) {
        return f.values().stream()
                .filter(PicklistValue::active)
                .map(PicklistValue::value)
                .toList();
    }
}
