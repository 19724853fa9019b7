package dev.atrium.plugins.rfm;

import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.HttpRoute;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.PluginException;
import dev.atrium.plugin.api.RecordTrigger;
import dev.atrium.plugin.api.ScheduledJob;
import dev.atrium.plugin.api.ScriptFunction;
import dev.atrium.plugin.api.TemplateContribution;
import dev.atrium.plugin.api.WorkflowAction;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/** The plugin's extensions: the RFM fields, nightly and on-demand scoring, live metrics, a rule function. */
public final class RfmExtensions {
    static final List<AccessNeed> ACCESS =
            List.of(AccessNeed.of("order", "read"), AccessNeed.of("account", "read", "edit"));

    private RfmExtensions() {}

    /** Adds the RFM fields to account. */
    @Extension
    public static final class Fields implements TemplateContribution {
        public String id() {
            return "rfm-fields";
        }

        public List<String> entityFiles() {
            return List.of("/metadata/account.json");
        }
    }

    /** Scores all accounts every night at 02:30 UTC. */
    @Extension
    public static final class Nightly implements ScheduledJob {
        public String id() {
            return "nightly-scoring";
        }

        public String cron() {
            return "30 2 * * *";
        }

        public List<AccessNeed> access() {
            return ACCESS;
        }

        public void run(PluginContext ctx) {
            Rfm.scoreAll(ctx);
        }
    }

    /**
     * {@code POST /api/v1/ext/rfm-analytics/recalculate}: score now and answer with counts per segment;
     * with {@code ?async=true}, queue the scoring as a durable job and answer 202 with its id (large tenants).
     */
    @Extension
    public static final class Recalculate implements HttpRoute {
        public String id() {
            return "recalculate";
        }

        /** Scoring every account and answering counts for all of them is an administrator's act. */
        public Callers callers() {
            return Callers.ADMINISTRATORS;
        }

        public List<AccessNeed> access() {
            return ACCESS;
        }

        public Response handle(Request request, PluginContext ctx) {
            if (!request.method().equals("POST")) return Response.json(405, "{\"detail\":\"use POST\"}");
            if ("true".equals(request.query().get("async"))) {
                return Response.json(
                        202, (Object) Map.of("job", ctx.runLater("nightly-scoring", java.time.Duration.ZERO)));
            }
            Map<String, Object> result = Rfm.scoreAll(ctx);
            return Response.json(200, (Object) result);
        }
    }

    /** Workflow action {@code rfm-analytics/score-all}: the same as the route, e.g. from a monthly cron workflow. */
    @Extension
    public static final class ScoreAction implements WorkflowAction {
        public String id() {
            return "score-all";
        }

        public String label() {
            return "Recalculate RFM scores";
        }

        public List<AccessNeed> access() {
            return ACCESS;
        }

        public Map<String, Object> execute(Call call, PluginContext ctx) {
            return Rfm.scoreAll(ctx);
        }
    }

    /** After an order is saved, its account's raw recency, frequency and value are refreshed. */
    @Extension
    public static final class OrderMetrics implements RecordTrigger {
        public String id() {
            return "order-metrics";
        }

        public String entity() {
            return "order";
        }

        public List<AccessNeed> access() {
            return ACCESS;
        }

        public void afterCommit(Change change, PluginContext ctx) {
            String account = Rfm.ref(change.record().get("account"));
            if (account != null) Rfm.refreshMetrics(ctx, account);
        }
    }

    /** {@code plugins.rfm_segment(r, f, m)} in rules: the segment for scores 1-5. */
    @Extension
    public static final class SegmentFunction implements ScriptFunction {
        public String id() {
            return "rfm_segment";
        }

        public Object call(List<Object> args) {
            if (args.size() != 3) throw new PluginException("use rfm_segment(r, f, m) with scores 1 to 5");
            try {
                return Rfm.segment(num(args.get(0)), num(args.get(1)), num(args.get(2)));
            } catch (IllegalArgumentException badScore) {
                throw new PluginException(badScore.getMessage()); // the caller's mistake, not the plugin's
            }
        }

        private static int num(Object o) {
            if (!(o instanceof Number n)) throw new PluginException("rfm_segment takes numbers 1 to 5");
            return n.intValue();
        }
    }
}
