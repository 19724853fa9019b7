package dev.atrium.record;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;

/**
 * Turns PostgreSQL constraint violations into problems naming the field. Constraint names are derived
 * from field ids ({@code ux_<id>}, {@code fk_<id>}), so the field is found without parsing messages.
 */
final class Constraints {
    private Constraints() {}

    static RuntimeException problem(PgException ex, EntityDef e, String pointer) {
        if ("54000".equals(ex.getSqlState())) {
            return new ApiProblem(
                    422,
                    "record-too-large",
                    "Record too large",
                    "this " + e.displayName() + " does not fit in one database row (PostgreSQL's 8 KB row limit; "
                            + ex.getErrorMessage()
                            + "); fill fewer fields, or use long_text for long values, which are stored "
                            + "outside the row",
                    null,
                    null);
        }
        String constraint = ex.getConstraint();
        FieldDef f = constraint == null || constraint.length() < 4
                ? null
                : e.fieldById(constraint.substring(3)).orElse(null);
        if (f == null) return ex;
        String at = pointer + "/" + f.name();
        return switch (ex.getSqlState()) {
            case "23505" ->
                new ApiProblem(
                        409,
                        "duplicate",
                        "Duplicate value",
                        f.displayName() + " must be unique; another " + e.displayName() + " already has this value",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("pointer", at)
                                        .put("message", f.displayName() + " must be unique")),
                        null);
            case "23503" ->
                ApiProblem.invalidField(at, f.displayName() + " points to a " + f.target() + " that does not exist");
            default -> ex;
        };
    }
}
