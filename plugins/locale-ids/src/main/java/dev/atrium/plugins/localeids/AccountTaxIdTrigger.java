package dev.atrium.plugins.localeids;

import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.RecordRejected;
import dev.atrium.plugin.api.RecordTrigger;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Before an account is saved: when it has a {@code tax_id} and its {@code country} is China, Spain or
 * Russia, the tax id must be that country's company identifier; it is stored normalized. Accounts of
 * other countries, or without either field, pass untouched.
 */
@Extension
public final class AccountTaxIdTrigger implements RecordTrigger {
    @Override
    public String id() {
        return "account-tax-id";
    }

    @Override
    public String entity() {
        return "account";
    }

    @Override
    public void beforeSave(Change change, PluginContext context) {
        Map<String, Object> r = change.record();
        Object taxId = r.containsKey("tax_id")
                ? r.get("tax_id")
                : change.old() == null ? null : change.old().get("tax_id");
        Object country = r.containsKey("country")
                ? r.get("country")
                : change.old() == null ? null : change.old().get("country");
        if (!(taxId instanceof String id) || id.isBlank() || !(country instanceof String c)) return;
        String kind = TaxIds.kindFor(c);
        if (kind == null) return;
        String problem = TaxIds.check(kind, id);
        if (problem != null) throw new RecordRejected("tax_id", "is not a valid " + label(kind) + ": it " + problem);
        if (r.containsKey("tax_id")) r.put("tax_id", TaxIds.normalize(kind, id));
    }

    private static String label(String kind) {
        return switch (kind) {
            case "cn_uscc" -> "unified social credit code (China)";
            case "es_nif" -> "NIF/CIF (Spain)";
            default -> "INN (Russia)";
        };
    }
}
