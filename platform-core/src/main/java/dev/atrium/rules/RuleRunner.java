package dev.atrium.rules;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.RuleDef;
import dev.atrium.metadata.model.SystemFields;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Applies an entity's rules to a write, before anything is saved: default rules fill absent fields on
 * create, before-save rules may change the record or reject it, validation rules reject it with a
 * message on a field. Returns the body to save (the client's changes plus the rules' changes).
 */
public final class RuleRunner {
    private final RuleEngine engine;

    /** Lists records as the writing user, for {@code query(...)} in rules. */
    @FunctionalInterface
    public interface QueryHost {
        JsonArray list(RecordContext ctx, String entity, String filter, String sort, int limit);
    }

    private volatile QueryHost queryHost;

    public RuleRunner(RuleEngine engine) {
        this.engine = engine;
    }

    public void setQueryHost(QueryHost host) {
        this.queryHost = host;
    }

    /**
     * query(...) for the rules of one write: the writer's access, run on a virtual thread (the record layer awaits).
     */
    private RuleEngine.Queries queries(RecordContext ctx) {
        QueryHost host = queryHost;
        if (host == null)
            return (entity, filter, sort, limit) -> {
                throw new IllegalStateException("query() is not available here");
            };
        return (entity, filter, sort, limit) -> {
            try {
                return dev.atrium.internal.VirtualThreads.call(() -> host.list(
                                ctx, entity, filter.isEmpty() ? null : filter, sort.isEmpty() ? null : sort, limit)
                        .encode());
            } catch (ApiProblem p) {
                var errors = p.toJson("").getJsonArray("errors");
                throw new IllegalArgumentException("query('" + entity + "'): " + p.getMessage()
                        + (errors == null || errors.isEmpty()
                                ? ""
                                : " " + errors.getJsonObject(0).getString("message")));
            }
        };
    }

    /**
     * @param body the client's create or update body
     * @param old the stored record on update (as the API returns it), null on create
     * @throws ApiProblem 422 with every rule error at its field's pointer
     */
    public JsonObject apply(RecordContext ctx, EntityDef e, JsonObject body, JsonObject old) {
        if (e.rules().isEmpty()) return body;
        JsonObject record = old == null ? new JsonObject() : old.copy();
        record.mergeIn(body);
        JsonObject user = new JsonObject()
                .put("id", ctx.principal().userId().toString())
                .put("email", ctx.principal().email())
                .put("name", ctx.principal().displayName())
                .put("locale", ctx.principal().locale());
        JsonArray errors = new JsonArray();
        RuleEngine.Queries queries = queries(ctx);
        try {
            if (old == null) {
                for (RuleDef r : e.rules()) {
                    if (r.kind().equals("default") && record.getValue(r.field()) == null) {
                        record.put(
                                r.field(),
                                run(ctx, r, e, record, null, user, queries, false)
                                        .result());
                    }
                }
            }
            for (RuleDef r : e.rules()) {
                if (!r.kind().equals("before_save")) continue;
                RuleEngine.Outcome o = run(ctx, r, e, record, old, user, queries, true);
                addErrors(errors, r, o);
                record = o.record();
            }
            for (RuleDef r : e.rules()) {
                if (!r.kind().equals("validation")) continue;
                RuleEngine.Outcome o = run(ctx, r, e, record, old, user, queries, false);
                addErrors(errors, r, o);
                if (Boolean.FALSE.equals(o.result())) {
                    String msg = r.message()
                            .getOrDefault(
                                    ctx.principal().locale(),
                                    r.message().getOrDefault("en", "is not valid (rule " + r.name() + ")"));
                    errors.add(new JsonObject()
                            .put("pointer", r.field() == null ? "" : "/" + r.field())
                            .put("message", msg)
                            .put("rule", r.name()));
                }
            }
        } catch (RuleEngine.RuleFailure f) {
            throw new ApiProblem(
                    422,
                    "rule-failed",
                    "A rule failed",
                    f.getMessage(),
                    new JsonArray().add(new JsonObject().put("pointer", "").put("message", f.getMessage())),
                    null);
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(
                    errors.getJsonObject(0).getString("message")
                            + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
                    errors);
        }
        JsonObject out = body.copy();
        JsonObject before = old == null ? new JsonObject() : old.copy().mergeIn(body);
        for (String k : record.fieldNames()) {
            if (SystemFields.NAMES.contains(k) || k.equals("_included")) continue;
            var field = e.field(k).orElse(null);
            // computed values come back through JSON (171 for 171.0): the database computes them, not rules
            if (field != null && (field.expression() != null || field.rollup() != null) && !body.containsKey(k))
                continue;
            if (!same(record.getValue(k), before.getValue(k))
                    || (old == null && !body.containsKey(k) && record.getValue(k) != null)) {
                if (field == null) {
                    throw ApiProblem.invalidField(
                            "/" + k, "a rule set \"" + k + "\", which is not a field of " + e.name());
                }
                out.put(k, record.getValue(k));
            }
        }
        return out;
    }

    private RuleEngine.Outcome run(
            RecordContext ctx,
            RuleDef r,
            EntityDef e,
            JsonObject record,
            JsonObject old,
            JsonObject user,
            RuleEngine.Queries queries,
            boolean keepRecord)
            throws RuleEngine.RuleFailure {
        return engine.run(
                ctx.tenant().id(), e.name() + "." + r.name(), r.source(), record, old, user, queries, keepRecord);
    }

    /** Equal values, numbers by value (a script sees 171 where the database said 171.0). */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }

    private static void addErrors(JsonArray errors, RuleDef r, RuleEngine.Outcome o) {
        for (String[] err : o.errors()) {
            errors.add(new JsonObject()
                    .put("pointer", "/" + err[0])
                    .put("message", err[1])
                    .put("rule", r.name()));
        }
    }

    public RuleEngine engine() {
        return engine;
    }
}
