package dev.atrium.imports;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** An import's settings checked before they are kept and again when it starts: each mistake at its member. */
final class ImportChecks {
    private ImportChecks() {}

    static void check(RecordContext ctx, EntityDef e, JsonObject s) {
        if (!ImportFile.ENCODINGS.contains(s.getString("encoding"))) {
            throw ApiProblem.invalidField("/encoding", "one of " + ImportFile.ENCODINGS);
        }
        if (!List.of("create", "update", "upsert").contains(s.getString("mode"))) {
            throw ApiProblem.invalidField("/mode", "create, update or upsert");
        }
        if (!Imports.DATE_FORMATS.contains(s.getString("dateFormat"))) {
            throw ApiProblem.invalidField("/dateFormat", "one of " + Imports.DATE_FORMATS);
        }
        if (!List.of(".", ",").contains(s.getString("decimal"))) throw ApiProblem.invalidField("/decimal", ". or ,");
        Object workflows = s.getValue("workflows", true);
        if (!(workflows instanceof Boolean)) throw ApiProblem.invalidField("/workflows", "true or false");
        if (!(Boolean) workflows && !ctx.principal().admin()) {
            throw ApiProblem.forbidden("only administrators may import without workflows (a data migration)");
        }
        JsonArray fields = s.getJsonArray("fields", new JsonArray());
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.getString(i);
            if (f == null || f.equals("id")) continue;
            FieldDef fd = e.field(f).orElse(null);
            if (fd == null
                    || !RowConverter.IMPORTABLE.contains(fd.type())
                    || !ctx.access().canEdit(e, fd)) {
                throw ApiProblem.invalidField("/fields/" + i, "\"" + f + "\" is not a field you can import into");
            }
        }
        String mode = s.getString("mode");
        String match = s.getString("match");
        if (!mode.equals("create")) {
            boolean ok = "id".equals(match)
                    || (match != null
                            && e.field(match)
                                    .map(f -> f.unique() || f.externalId())
                                    .orElse(false));
            if (!ok) throw ApiProblem.invalidField("/match", "update and upsert match records by id or a unique field");
            if (!fields.getList().contains(match)) {
                throw ApiProblem.invalidField("/match", "map a column to " + match + " to match records by it");
            }
        }
    }
}
