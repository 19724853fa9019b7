package dev.atrium.plugins.localeids;

import dev.atrium.plugin.api.FieldTypeExtension;
import java.util.Locale;
import org.pf4j.Extension;

/** The field types: each normalizes what people type (spaces, dashes, lower case) before checking. */
public final class IdTypes {
    private IdTypes() {}

    static String compact(String v) {
        return v.replaceAll("[\\s.-]", "").toUpperCase(Locale.ROOT);
    }

    /** China: unified social credit code (统一社会信用代码), 18 characters with a check character. */
    @Extension
    public static final class ChinaCreditCode implements FieldTypeExtension {
        public String id() {
            return "cn_uscc";
        }

        public String label() {
            return "China unified social credit code";
        }

        public int maxLength() {
            return 18;
        }

        public String normalize(String v) {
            return compact(v);
        }

        public String validate(String v) {
            return Checksums.uscc(v);
        }

        public String format(String v, Locale l) {
            return v.length() == 18 ? v.substring(0, 2) + " " + v.substring(2, 8) + " " + v.substring(8) : v;
        }
    }

    /** China: mainland mobile number, stored as +86 and 11 digits. */
    @Extension
    public static final class ChinaMobile implements FieldTypeExtension {
        public String id() {
            return "cn_mobile";
        }

        public String label() {
            return "China mobile number";
        }

        public int maxLength() {
            return 14;
        }

        public String normalize(String v) {
            String d = v.replaceAll("[\\s()-]", "");
            if (d.startsWith("+86")) d = d.substring(3);
            else if (d.startsWith("0086")) d = d.substring(4);
            return "+86" + d;
        }

        public String validate(String v) {
            return Checksums.cnMobile(v.substring(3));
        }

        public String format(String v, Locale l) {
            return v.length() == 14
                    ? v.substring(0, 3) + " " + v.substring(3, 6) + " " + v.substring(6, 10) + " " + v.substring(10)
                    : v;
        }
    }

    /** Spain: NIF, NIE or CIF. */
    @Extension
    public static final class SpainTaxId implements FieldTypeExtension {
        public String id() {
            return "es_nif";
        }

        public String label() {
            return "Spain NIF / NIE / CIF";
        }

        public int maxLength() {
            return 9;
        }

        public String normalize(String v) {
            return compact(v);
        }

        public String validate(String v) {
            return Checksums.es(v);
        }
    }

    /** Russia: INN of an organisation (10 digits) or an individual (12 digits). */
    @Extension
    public static final class RussiaInn implements FieldTypeExtension {
        public String id() {
            return "ru_inn";
        }

        public String label() {
            return "Russia INN";
        }

        public int maxLength() {
            return 12;
        }

        public String normalize(String v) {
            return v.replaceAll("\\s", "");
        }

        public String validate(String v) {
            return Checksums.inn(v);
        }
    }
}
