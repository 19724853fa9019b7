package dev.atrium.record;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.StateMachineDef;
import dev.atrium.metadata.sql.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Enforces state machines on picklist fields. On update the check is part of the UPDATE's own WHERE
 * clause (the stored value must be one that may move to the new value), so two concurrent moves cannot
 * both pass a check made before either wrote; a refused move gets 422 naming the allowed moves.
 */
final class StateMachines {
    private StateMachines() {}

    /** A new record must start in one of the initial values, when the machine lists them. */
    static void checkInitial(EntityDef e, DecodedRecord rec, String pointer) {
        for (StateMachineDef sm : e.stateMachines()) {
            Object v = rec.columns().get(sm.field());
            if (v != null && !sm.initial().isEmpty() && !sm.initial().contains(v)) {
                throw problem(
                        pointer,
                        sm.field(),
                        "a new " + e.displayName() + " starts with " + sm.field() + " in " + sm.initial() + ", not \""
                                + v + "\"");
            }
        }
    }

    /** " AND (field may move to the new value)" for each machine whose field the update sets, or "". */
    static String guard(EntityDef e, DecodedRecord rec, List<Object> params, String pointer) {
        StringBuilder sb = new StringBuilder();
        for (StateMachineDef sm : e.stateMachines()) {
            if (!rec.columns().containsKey(sm.field())) continue;
            Object v = rec.columns().get(sm.field());
            Set<String> from = new LinkedHashSet<>();
            if (v != null) from.add(v.toString());
            sm.transitions().forEach((source, targets) -> {
                if (targets.contains(v)) from.add(source);
            });
            params.add(from.toArray(new String[0]));
            sb.append(" AND (t.")
                    .append(Sql.ident(sm.field()))
                    .append(" IS NULL OR t.")
                    .append(Sql.ident(sm.field()))
                    .append(" = ANY($")
                    .append(params.size())
                    .append("))");
        }
        return sb.toString();
    }

    /** Why an update matched no row, when the reason is a refused move; null otherwise. */
    static ApiProblem explain(
            SqlClient conn, RecordContext ctx, EntityDef e, UUID id, DecodedRecord rec, String pointer) {
        for (StateMachineDef sm : e.stateMachines()) {
            if (!rec.columns().containsKey(sm.field())) continue;
            Row r = conn.preparedQuery("SELECT " + Sql.ident(sm.field()) + " AS v FROM "
                            + Sql.table(ctx.tenant().schema(), e.name()) + " WHERE \"id\" = $1")
                    .execute(Tuple.of(id))
                    .await()
                    .iterator()
                    .next();
            String current = r.getString("v");
            Object next = rec.columns().get(sm.field());
            List<String> allowed =
                    current == null ? List.of() : sm.transitions().getOrDefault(current, List.of());
            if (current != null && !current.equals(next) && !allowed.contains(next)) {
                return problem(
                        pointer,
                        sm.field(),
                        e.displayName() + " cannot move " + sm.field() + " from \"" + current + "\" to \"" + next + "\""
                                + (allowed.isEmpty()
                                        ? "; \"" + current + "\" is final"
                                        : "; allowed: " + String.join(", ", allowed)));
            }
        }
        return null;
    }

    /**
     * Whether writing {@code rec} may enter a guarded value (then the write runs in a transaction and is checked
     * after).
     */
    static boolean guarded(EntityDef e, DecodedRecord rec) {
        for (StateMachineDef sm : e.stateMachines()) {
            Object v = rec.columns().get(sm.field());
            if (v != null && sm.guards().containsKey(v.toString())) return true;
        }
        return false;
    }

    /**
     * After the write, inside its transaction: the stored row (the change applied) must meet the guard of
     * each value it entered; otherwise 422 naming the condition, and the transaction rolls back.
     */
    static void checkGuards(
            SqlClient conn,
            RecordContext ctx,
            EntityDef e,
            UUID id,
            DecodedRecord rec,
            dev.atrium.metadata.query.QueryCompiler compiler,
            String pointer) {
        for (StateMachineDef sm : e.stateMachines()) {
            Object v = rec.columns().get(sm.field());
            String guard = v == null ? null : sm.guards().get(v.toString());
            if (guard == null) continue;
            List<Object> params = new java.util.ArrayList<>(List.of(id));
            String cond;
            try {
                cond = compiler.condition(
                        ctx.tenant().schema(),
                        ctx.snapshot(),
                        e,
                        guard,
                        "t",
                        params,
                        java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            } catch (dev.atrium.metadata.query.FilterException ex) {
                throw problem(
                        pointer,
                        sm.field(),
                        "the guard of \"" + v + "\" is not a valid condition (" + ex.getMessage()
                                + "); an administrator must fix it");
            }
            boolean ok =
                    conn.preparedQuery("SELECT 1 FROM " + Sql.table(ctx.tenant().schema(), e.name())
                                            + " t WHERE t.\"id\" = $1 AND (" + cond + ")")
                                    .execute(Tuple.wrap(params))
                                    .await()
                                    .size()
                            > 0;
            if (!ok)
                throw problem(
                        pointer,
                        sm.field(),
                        e.displayName() + " can only move " + sm.field() + " to \"" + v + "\" when " + guard);
        }
    }

    private static ApiProblem problem(String pointer, String field, String message) {
        return new ApiProblem(
                422,
                "transition",
                "Transition not allowed",
                message,
                new JsonArray()
                        .add(new JsonObject()
                                .put("pointer", pointer + "/" + field)
                                .put("message", message)),
                null);
    }
}
