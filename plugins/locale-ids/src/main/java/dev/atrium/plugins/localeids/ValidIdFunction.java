package dev.atrium.plugins.localeids;

import dev.atrium.plugin.api.ScriptFunction;
import java.util.List;
import org.pf4j.Extension;

/**
 * {@code plugins.valid_id(kind, value)} in rules: true when {@code value} is a valid identifier of
 * {@code kind} ({@code cn_uscc}, {@code cn_mobile}, {@code es_nif}, {@code ru_inn}).
 */
@Extension
public final class ValidIdFunction implements ScriptFunction {
    @Override
    public String id() {
        return "valid_id";
    }

    @Override
    public Object call(List<Object> args) {
        if (args.size() != 2 || !(args.get(0) instanceof String kind))
            throw new IllegalArgumentException("use valid_id(kind, value)");
        if (!(args.get(1) instanceof String value)) return false;
        return TaxIds.check(kind, value) == null;
    }
}
