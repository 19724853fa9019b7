package dev.atrium.deploy;

import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.model.RuleDef;
import dev.atrium.metadata.model.WorkflowDef;
import dev.atrium.metadata.validate.Problem;
import dev.atrium.rules.RuleEngine;
import dev.atrium.workflow.Cron;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the metadata validator cannot know on its own: rule scripts (sent with the deployment or kept from
 * the live version) must parse, schedules must be valid cron, plugin actions must be enabled for the
 * tenant and webhook URLs must be allowed. Problems point at the rule, workflow or action.
 */
final class DeploymentChecks {
    private final RuleEngine rules;
    private volatile Function<String, String> urlCheck = url -> null;
    private volatile BiFunction<UUID, String, String> actionCheck = (t, a) -> null;

    DeploymentChecks(RuleEngine rules) {
        this.rules = rules;
    }

    void setUrlCheck(Function<String, String> check) {
        this.urlCheck = check;
    }

    void setActionCheck(BiFunction<UUID, String, String> check) {
        this.actionCheck = check;
    }

    /** Gives every rule its script text and checks the entities; throws one 422 with every problem. */
    List<EntityDef> resolve(
            io.vertx.sqlclient.SqlConnection conn,
            List<EntityDef> entities,
            MetadataSnapshot live,
            DeploymentRequest req,
            UUID tenantId) {
        List<Problem> problems = new ArrayList<>();
        List<EntityDef> out = new ArrayList<>();
        java.util.Set<String> roles = names(conn, "roles", tenantId, req);
        java.util.Set<String> groups = names(conn, "groups", tenantId, req);
        for (EntityDef e : entities) {
            approvers(e, roles, groups, problems);
            List<RuleDef> resolved = new ArrayList<>();
            for (int i = 0; i < e.rules().size(); i++) {
                RuleDef r = e.rules().get(i);
                String source = source(r, e, live, req);
                if (source == null) {
                    problems.add(new Problem(
                            e.name(),
                            "/rules/" + i + "/script",
                            "the script " + r.script() + " was not sent with the deployment"));
                    continue;
                }
                String syntax = rules == null ? null : rules.check(e.name() + "." + r.name(), source);
                if (syntax != null) problems.add(new Problem(e.name(), "/rules/" + i + "/script", syntax));
                resolved.add(r.withSource(source));
            }
            checkSchedules(e, problems);
            for (int w = 0; w < e.workflows().size(); w++) {
                checkWorkflow(e, w, tenantId, problems);
            }
            out.add(e.withRules(resolved));
        }
        if (!problems.isEmpty()) throw DeploymentProblems.invalid(problems, req);
        return out;
    }

    /**
     * Approval steps and notifications name roles and groups the organisation has (or the package being
     * installed brings).
     */
    private static void approvers(
            EntityDef e, java.util.Set<String> roles, java.util.Set<String> groups, List<Problem> problems) {
        for (int i = 0; i < e.approvals().size(); i++) {
            var steps = e.approvals().get(i).steps();
            for (int j = 0; j < steps.size(); j++) {
                var s = steps.get(j);
                String at = "/approvals/" + i + "/steps/" + j;
                if (s.role() != null && !roles.contains(s.role())) {
                    problems.add(new Problem(e.name(), at + "/role", "there is no role \"" + s.role() + "\""));
                }
                if (s.escalateTo() != null && !roles.contains(s.escalateTo())) {
                    problems.add(
                            new Problem(e.name(), at + "/escalateTo", "there is no role \"" + s.escalateTo() + "\""));
                }
                if (s.queue() != null && !groups.contains(s.queue())) {
                    problems.add(new Problem(e.name(), at + "/queue", "there is no group \"" + s.queue() + "\""));
                }
            }
        }
        for (int i = 0; i < e.workflows().size(); i++) {
            var actions = e.workflows().get(i).actions();
            for (int j = 0; j < actions.size(); j++) {
                String type = actions.get(j).type();
                if ((type.equals("notify") || type.equals("assign"))
                        && actions.get(j).values().get("role") instanceof String r
                        && !roles.contains(r)) {
                    String at = "/workflows/" + i + "/actions/" + j + "/values/role";
                    problems.add(new Problem(e.name(), at, "there is no role \"" + r + "\" to " + type));
                }
            }
        }
    }

    private static java.util.Set<String> names(
            io.vertx.sqlclient.SqlConnection conn, String table, UUID tenantId, DeploymentRequest req) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (var r : conn.preparedQuery("SELECT name FROM atrium." + table + " WHERE tenant_id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(tenantId))
                .await()) {
            out.add(r.getString("name"));
        }
        if (req.origin() != null)
            out.addAll(
                    table.equals("roles") ? req.origin().roles() : req.origin().groups());
        return out;
    }

    /** Inline source, a script file sent with the request, or the live rule's text when its path did not change. */
    private static String source(RuleDef r, EntityDef e, MetadataSnapshot live, DeploymentRequest req) {
        if (r.source() != null) return r.source();
        if (r.script() != null && req.scripts().get(r.script()) != null)
            return req.scripts().get(r.script());
        return live.entityById(e.id())
                .flatMap(le -> le.rules().stream()
                        .filter(x -> x.id().equals(r.id()) && Objects.equals(x.script(), r.script()))
                        .findFirst())
                .map(RuleDef::source)
                .orElse(null);
    }

    /** Scheduled reports and dashboards: a valid cron and a known time zone. */
    private static void checkSchedules(EntityDef e, List<Problem> problems) {
        for (String kind : List.of("reports", "dashboards")) {
            if (!(e.ui().get(kind) instanceof List<?> list)) continue;
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof java.util.Map<?, ?> d
                        && d.get("schedule") instanceof java.util.Map<?, ?> s)) continue;
                String at = "/ui/" + kind + "/" + i + "/schedule";
                String cron = Cron.check(String.valueOf(s.get("cron")));
                if (cron != null) problems.add(new Problem(e.name(), at + "/cron", cron));
                if (s.get("zone") instanceof String z) {
                    try {
                        java.time.ZoneId.of(z);
                    } catch (java.time.DateTimeException x) {
                        problems.add(new Problem(e.name(), at + "/zone", "\"" + z + "\" is not a time zone"));
                    }
                }
            }
        }
    }

    private void checkWorkflow(EntityDef e, int w, UUID tenantId, List<Problem> problems) {
        WorkflowDef wf = e.workflows().get(w);
        String at = "/workflows/" + w;
        if (wf.on().contains("schedule")) {
            String cronProblem = wf.cron() == null ? "a scheduled workflow needs \"cron\"" : Cron.check(wf.cron());
            if (cronProblem != null) problems.add(new Problem(e.name(), at + "/cron", cronProblem));
        }
        if (wf.conditionScript() != null && rules != null) {
            String syntax = rules.check(e.name() + ".workflow." + wf.name(), wf.conditionScript());
            if (syntax != null) problems.add(new Problem(e.name(), at + "/conditionScript", syntax));
        }
        var actions = wf.actions();
        for (int a = 0; a < actions.size(); a++) {
            String action = at + "/actions/" + a;
            if (actions.get(a).plugin() != null) {
                String bad = actionCheck.apply(tenantId, actions.get(a).plugin());
                if (bad != null)
                    problems.add(new Problem(e.name(), action + "/plugin", "this action cannot run: " + bad));
            }
            if (actions.get(a).url() == null) continue;
            String refused = urlCheck.apply(actions.get(a).url());
            if (refused != null) {
                problems.add(new Problem(e.name(), action + "/url", "this webhook cannot be called: " + refused));
            }
        }
    }
}
