package dev.atrium.currency;

import dev.atrium.auth.Principal;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.query.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The organisation's corporate currency and its dated exchange rates (entered one by one or many at
 * once, e.g. imported from a bank's table). A rate is the number of units of a currency for one unit of
 * the corporate currency, valid from its day until the next rate of that currency. Reports add currency
 * amounts in the corporate currency at the rate in effect on the day they run.
 */
public final class Currencies {
    private static final String UPSERT = "INSERT INTO atrium.exchange_rates (tenant_id, code, valid_from, rate)"
            + " VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, code, valid_from) DO UPDATE SET rate = excluded.rate";
    private final Pool pool;

    public Currencies(Pool pool) {
        this.pool = pool;
    }

    /** How reports convert today, or null when no corporate currency is set (amounts added as stored). */
    public Money money(UUID tenant, LocalDate today) {
        for (Row r : pool.preparedQuery("SELECT corporate FROM atrium.currency_settings WHERE tenant_id = $1")
                .execute(Tuple.of(tenant))
                .await()) {
            return new Money(r.getString("corporate").trim(), tenant, today);
        }
        return null;
    }

    public JsonObject get(UUID tenant) {
        Money m = money(tenant, LocalDate.now());
        JsonArray rates = new JsonArray();
        for (Row r : pool.preparedQuery("SELECT code, valid_from, rate FROM atrium.exchange_rates WHERE tenant_id = $1"
                        + " ORDER BY code, valid_from DESC")
                .execute(Tuple.of(tenant))
                .await()) {
            rates.add(new JsonObject()
                    .put("code", r.getString("code").trim())
                    .put("validFrom", r.getLocalDate("valid_from").toString())
                    .put("rate", r.getBigDecimal("rate").stripTrailingZeros().toPlainString()));
        }
        return new JsonObject()
                .put("corporate", m == null ? null : m.corporate())
                .put("rates", rates);
    }

    public JsonObject setCorporate(Principal p, UUID tenant, String code) {
        requireAdmin(p);
        String c = code(code, "/corporate");
        pool.preparedQuery("INSERT INTO atrium.currency_settings (tenant_id, corporate) VALUES ($1, $2) ON CONFLICT"
                        + " (tenant_id) DO UPDATE SET corporate = excluded.corporate")
                .execute(Tuple.of(tenant, c))
                .await();
        return get(tenant);
    }

    /** Adds or replaces rates, all or nothing; each bad one is refused with its pointer. */
    public JsonObject putRates(Principal p, UUID tenant, JsonArray rates) {
        requireAdmin(p);
        if (rates == null || rates.isEmpty()) throw ApiProblem.invalidField("/rates", "give a list of rates");
        Tx.run(pool, conn -> {
            for (int i = 0; i < rates.size(); i++) {
                String at = "/rates/" + i;
                if (!(rates.getValue(i) instanceof JsonObject r))
                    throw ApiProblem.invalidField(at, "a rate is an object");
                String code = code(r.getString("code"), at + "/code");
                LocalDate from;
                try {
                    from = LocalDate.parse(String.valueOf(r.getValue("validFrom")));
                } catch (DateTimeParseException e) {
                    throw ApiProblem.invalidField(at + "/validFrom", "a date (YYYY-MM-DD)");
                }
                BigDecimal rate;
                try {
                    rate = new BigDecimal(String.valueOf(r.getValue("rate")));
                } catch (NumberFormatException e) {
                    throw ApiProblem.invalidField(at + "/rate", "a number");
                }
                if (rate.signum() <= 0) throw ApiProblem.invalidField(at + "/rate", "a rate is more than 0");
                conn.preparedQuery(UPSERT)
                        .execute(Tuple.of(tenant, code, from, rate))
                        .await();
            }
            return null;
        });
        return get(tenant);
    }

    public void deleteRate(Principal p, UUID tenant, String code, String validFrom) {
        requireAdmin(p);
        pool.preparedQuery("DELETE FROM atrium.exchange_rates WHERE tenant_id = $1 AND code = $2 AND valid_from = $3")
                .execute(Tuple.of(tenant, code(code, "/code"), LocalDate.parse(validFrom)))
                .await();
    }

    private static String code(String code, String at) {
        if (code == null || !code.matches("[A-Z]{3}")) throw ApiProblem.invalidField(at, "a currency code such as EUR");
        return code;
    }

    private static void requireAdmin(Principal p) {
        if (!p.admin()) throw ApiProblem.forbidden("only administrators set currencies and exchange rates");
    }
}
