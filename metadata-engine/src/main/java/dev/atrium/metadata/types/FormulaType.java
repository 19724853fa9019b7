package dev.atrium.metadata.types;

import static dev.atrium.metadata.types.Schemas.of;

import dev.atrium.metadata.model.FieldDef;
import java.util.List;
import java.util.Map;

/**
 * A computed, read-only field: {@code expression} is compiled to SQL
 * ({@code FormulaCompiler}) and evaluated by the database in every query, so
 * it filters and sorts like a stored field.
 */
final class FormulaType extends ComputedType {
    FormulaType() {
        super(
                "formula",
                List.of("expression", "returns", "precision", "scale"),
                "is calculated by a formula and cannot be written");
    }

    @Override
    public Map<String, Object> jsonSchema(FieldDef f) {
        return switch (f.returns() == null ? "text" : f.returns()) {
            case "number", "currency", "percent" -> of("type", "number", "readOnly", true);
            case "boolean" -> of("type", "boolean", "readOnly", true);
            case "date" -> of("type", "string", "format", "date", "readOnly", true);
            case "datetime" -> of("type", "string", "format", "date-time", "readOnly", true);
            default -> of("type", "string", "readOnly", true);
        };
    }
}
