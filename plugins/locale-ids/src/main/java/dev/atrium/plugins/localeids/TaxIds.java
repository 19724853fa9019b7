package dev.atrium.plugins.localeids;

import java.util.Locale;
import java.util.Map;

/** Which identifier a country uses for companies, and the check by kind. */
final class TaxIds {
    static final Map<String, String> BY_COUNTRY = Map.of(
            "CN", "cn_uscc", "CHINA", "cn_uscc", "中国", "cn_uscc", "ES", "es_nif", "SPAIN", "es_nif", "ESPAÑA", "es_nif",
            "RU", "ru_inn", "RUSSIA", "ru_inn", "РОССИЯ", "ru_inn");

    private TaxIds() {}

    static String kindFor(String country) {
        return country == null ? null : BY_COUNTRY.get(country.trim().toUpperCase(Locale.ROOT));
    }

    /** Null when valid, else the problem. */
    static String check(String kind, String value) {
        return switch (kind) {
            case "cn_uscc" -> Checksums.uscc(IdTypes.compact(value));
            case "cn_mobile" -> new IdTypes.ChinaMobile().validate(new IdTypes.ChinaMobile().normalize(value));
            case "es_nif" -> Checksums.es(IdTypes.compact(value));
            case "ru_inn" -> Checksums.inn(value.replaceAll("\\s", ""));
            default ->
                throw new IllegalArgumentException(
                        "unknown identifier kind \"" + kind + "\" (cn_uscc, cn_mobile, es_nif, ru_inn)");
        };
    }

    static String normalize(String kind, String value) {
        return kind.equals("ru_inn") ? value.replaceAll("\\s", "") : IdTypes.compact(value);
    }
}
