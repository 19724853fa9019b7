package dev.atrium.db;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.data.Numeric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts values between what the metadata engine uses (plain Java) and what vertx-pg-client binds and returns. */
public final class PgValues {
    private PgValues() {}

    /** A value read from a row, as plain Java (BigDecimal for numerics, Map/List for JSON). */
    public static Object read(Object v) {
        return switch (v) {
            case null -> null;
            case Numeric n -> n.bigDecimalValue();
            case JsonObject o -> o.getMap();
            case JsonArray a -> a.getList();
            case Object[] arr -> new ArrayList<>(Arrays.asList(arr));
            default -> v;
        };
    }

    /** A plain value as a bind parameter (JSON values become JSON objects/arrays for jsonb). */
    @SuppressWarnings("unchecked")
    public static Object bind(Object v) {
        return switch (v) {
            case null -> null;
            case Map<?, ?> m -> new JsonObject(new LinkedHashMap<>((Map<String, Object>) m));
            case List<?> l -> new JsonArray(new ArrayList<>(l));
            default -> v;
        };
    }
}
