package dev.atrium.plugins.rfm;

import dev.atrium.plugin.api.PluginContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFM scoring of accounts from their orders: recency (days since the last order), frequency (number of
 * orders) and monetary value (sum of order totals), each turned into a quintile score 1-5 across all
 * accounts that ordered (5 = most recent, most frequent, highest value), then a segment from R and F.
 * Cancelled orders do not count.
 */
final class Rfm {
    /** One account's raw metrics. */
    record Metrics(String account, long recencyDays, long frequency, BigDecimal monetary) {}

    /** Metrics with scores and segment. */
    record Score(Metrics metrics, int r, int f, int m, String segment) {
        String code() {
            return "" + r + f + m;
        }
    }

    private Rfm() {}

    /** Reads every order once and aggregates per account. */
    static Map<String, Metrics> metrics(PluginContext ctx, LocalDate today, String filter) {
        Map<String, long[]> counts = new HashMap<>();
        Map<String, LocalDate> last = new HashMap<>();
        Map<String, BigDecimal> sums = new HashMap<>();
        ctx.records().scan("order", filter, o -> {
            if ("cancelled".equals(o.get("status"))) return;
            String account = ref(o.get("account"));
            if (account == null) return;
            counts.computeIfAbsent(account, k -> new long[1])[0]++;
            LocalDate d = date(o.get("order_date"), o.get("created_at"));
            if (d != null) last.merge(account, d, (a, b) -> a.isAfter(b) ? a : b);
            sums.merge(account, amount(o.get("total")), BigDecimal::add);
        });
        Map<String, Metrics> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            LocalDate d = last.get(e.getKey());
            long days = d == null ? 9999 : Math.max(0, ChronoUnit.DAYS.between(d, today));
            out.put(
                    e.getKey(),
                    new Metrics(e.getKey(), days, e.getValue()[0], sums.getOrDefault(e.getKey(), BigDecimal.ZERO)));
        }
        return out;
    }

    /** Quintile scores across the given accounts (ties share the lower rank's quintile). */
    static List<Score> score(List<Metrics> all) {
        int n = all.size();
        Map<String, Integer> r = quintiles(
                all,
                Comparator.comparingLong(Metrics::recencyDays).reversed(),
                (a, b) -> a.recencyDays() == b.recencyDays());
        Map<String, Integer> f =
                quintiles(all, Comparator.comparingLong(Metrics::frequency), (a, b) -> a.frequency() == b.frequency());
        Map<String, Integer> m = quintiles(
                all,
                Comparator.comparing(Metrics::monetary),
                (a, b) -> a.monetary().compareTo(b.monetary()) == 0);
        List<Score> out = new ArrayList<>(n);
        for (Metrics x : all) {
            int rs = r.get(x.account()), fs = f.get(x.account()), ms = m.get(x.account());
            out.add(new Score(x, rs, fs, ms, segment(rs, fs, ms)));
        }
        return out;
    }

    /** Rank from worst to best; quintile = 1 + 5 * rank / n; equal values get the first rank of their run. */
    private static Map<String, Integer> quintiles(
            List<Metrics> all, Comparator<Metrics> worstFirst, java.util.function.BiPredicate<Metrics, Metrics> same) {
        List<Metrics> sorted = new ArrayList<>(all);
        sorted.sort(worstFirst);
        Map<String, Integer> q = new HashMap<>();
        int n = sorted.size();
        int runStart = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && !same.test(sorted.get(i), sorted.get(i - 1))) runStart = i;
            // five equal groups when there are at least five accounts; fewer are spread over 1..5
            int score = n >= 5 ? 1 + (5 * runStart) / n : n == 1 ? 3 : 1 + Math.round(4f * runStart / (n - 1));
            q.put(sorted.get(i).account(), score);
        }
        return q;
    }

    /** The usual RFM segment map on recency and frequency (monetary breaks no ties here). */
    static String segment(int r, int f, int m) {
        if (r < 1 || r > 5 || f < 1 || f > 5 || m < 1 || m > 5) throw new IllegalArgumentException("scores are 1 to 5");
        if (r >= 4 && f >= 4) return "champions";
        if (r >= 3 && f >= 4) return "loyal";
        if (r >= 4 && f >= 2) return "potential_loyalist";
        if (r >= 4) return "new";
        if (r <= 2 && f >= 4) return "at_risk";
        if (r == 1 && f <= 2) return "lost";
        if (r <= 2) return "hibernating";
        return "need_attention";
    }

    /** Scores every account with orders and writes the fields; returns counts per segment. */
    static Map<String, Object> scoreAll(PluginContext ctx) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Score> scores = score(new ArrayList<>(metrics(ctx, today, null).values()));
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        Map<String, Integer> segments = new java.util.TreeMap<>();
        for (Score s : scores) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("rfm_recency_days", s.metrics().recencyDays());
            values.put("rfm_frequency", s.metrics().frequency());
            values.put("rfm_monetary", s.metrics().monetary());
            values.put("rfm_score", s.code());
            values.put("rfm_segment", s.segment());
            values.put("rfm_scored_at", now);
            ctx.records().update("account", s.metrics().account(), values);
            segments.merge(s.segment(), 1, Integer::sum);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accounts", scores.size());
        out.put("segments", segments);
        return out;
    }

    /** Refreshes one account's raw metrics (scores change only when all accounts are scored again). */
    static void refreshMetrics(PluginContext ctx, String account) {
        Map<String, Metrics> m =
                metrics(ctx, LocalDate.now(ZoneOffset.UTC), "account = '" + account.replace("'", "''") + "'");
        Metrics x = m.get(account);
        if (x == null) return;
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("rfm_recency_days", x.recencyDays());
        values.put("rfm_frequency", x.frequency());
        values.put("rfm_monetary", x.monetary());
        ctx.records().update("account", account, values);
    }

    static String ref(Object v) {
        if (v instanceof Map<?, ?> m) return m.get("id") == null ? null : String.valueOf(m.get("id"));
        return v == null ? null : String.valueOf(v);
    }

    static BigDecimal amount(Object v) {
        if (v instanceof Map<?, ?> m) v = m.get("amount");
        if (v == null) return BigDecimal.ZERO;
        try {
            return new BigDecimal(String.valueOf(v));
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    static LocalDate date(Object v, Object fallback) {
        Object x = v != null ? v : fallback;
        if (x == null) return null;
        String s = String.valueOf(x);
        return LocalDate.parse(s.length() >= 10 ? s.substring(0, 10) : s);
    }
}
