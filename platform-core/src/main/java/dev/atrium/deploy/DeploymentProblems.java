package dev.atrium.deploy;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.validate.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Metadata problems as one 422 whose errors point into the request that caused them. */
final class DeploymentProblems {
    private DeploymentProblems() {}

    /** A problem in a document named by entity gets that document's pointer, e.g. {@code /entities/2/fields/0}. */
    static ApiProblem invalid(List<Problem> problems, DeploymentRequest req) {
        Map<String, String> prefixes = new LinkedHashMap<>();
        for (var d : req.documents()) {
            var name = d.json().get("name");
            if (name != null && name.isString()) prefixes.putIfAbsent(name.asString(), d.name());
        }
        JsonArray errors = new JsonArray();
        for (Problem p : problems) {
            String prefix = p.document().startsWith("/") ? p.document() : prefixes.get(p.document());
            JsonObject item = new JsonObject()
                    .put("pointer", prefix != null ? prefix + p.pointer() : p.pointer())
                    .put("message", p.message());
            if (prefix == null) item.put("entity", p.document());
            errors.add(item);
        }
        return ApiProblem.invalid(
                problems.size() + " problem(s) in the metadata; first: "
                        + problems.get(0).message(),
                errors);
    }
}
