package dev.atrium.plugins.localeids;

/**
 * The check-digit algorithms, each returning null when the value is valid or a sentence saying what is
 * wrong. Sources: GB 32100-2015 (China's unified social credit code), Real Decreto 1065/2007 (Spain's
 * NIF/NIE/CIF), the Federal Tax Service's INN control digits (Russia).
 */
final class Checksums {
    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final String NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

    private Checksums() {}

    static String uscc(String v) {
        if (v.length() != 18) return "must have 18 characters (it has " + v.length() + ")";
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int c = USCC_CHARS.indexOf(v.charAt(i));
            if (c < 0)
                return "character " + (i + 1) + " (\"" + v.charAt(i)
                        + "\") is not allowed: use digits and the letters of GB 32100 (no I, O, Z, S, V)";
            sum += c * USCC_WEIGHTS[i];
        }
        int check = (31 - sum % 31) % 31;
        if (USCC_CHARS.charAt(check) != v.charAt(17))
            return "has a wrong check character: expected " + USCC_CHARS.charAt(check) + " at the end";
        return null;
    }

    static String cnMobile(String digits) {
        if (!digits.matches("1[3-9][0-9]{9}"))
            return "must be an 11-digit mainland China mobile number starting with 13-19, optionally with +86";
        return null;
    }

    /** Spanish NIF (DNI), NIE and CIF. */
    static String es(String v) {
        if (v.matches("[0-9]{8}[A-Z]")) {
            char expected = NIF_LETTERS.charAt(Integer.parseInt(v.substring(0, 8)) % 23);
            return expected == v.charAt(8) ? null : "has a wrong control letter: expected " + expected;
        }
        if (v.matches("[XYZ][0-9]{7}[A-Z]")) {
            String number = "XYZ".indexOf(v.charAt(0)) + v.substring(1, 8);
            char expected = NIF_LETTERS.charAt(Integer.parseInt(number) % 23);
            return expected == v.charAt(8) ? null : "is an NIE with a wrong control letter: expected " + expected;
        }
        if (v.matches("[ABCDEFGHJNPQRSUVW][0-9]{7}[0-9A-J]")) {
            int even = 0, odd = 0;
            for (int i = 1; i <= 7; i++) {
                int d = v.charAt(i) - '0';
                if (i % 2 == 0) even += d;
                else {
                    int x = d * 2;
                    odd += x / 10 + x % 10;
                }
            }
            int control = (10 - (even + odd) % 10) % 10;
            char last = v.charAt(8);
            char letter = "JABCDEFGHI".charAt(control);
            boolean letterOnly = "KPQSNW".indexOf(v.charAt(0)) >= 0;
            boolean digitOnly = "ABEH".indexOf(v.charAt(0)) >= 0;
            boolean ok = letterOnly
                    ? last == letter
                    : digitOnly ? last == (char) ('0' + control) : last == letter || last == (char) ('0' + control);
            return ok
                    ? null
                    : "is a CIF with a wrong control character: expected "
                            + (letterOnly
                                    ? String.valueOf(letter)
                                    : digitOnly ? String.valueOf(control) : control + " or " + letter);
        }
        return "must be a Spanish NIF (8 digits and a letter), NIE (X, Y or Z, 7 digits, a letter) or CIF (a "
                + "letter, 7 digits, a control character)";
    }

    static String inn(String v) {
        if (!v.matches("[0-9]{10}|[0-9]{12}")) return "must have 10 digits (organisations) or 12 digits (individuals)";
        int[] d = v.chars().map(c -> c - '0').toArray();
        if (d.length == 10) {
            int c = weighted(d, new int[] {2, 4, 10, 3, 5, 9, 4, 6, 8}) % 11 % 10;
            return c == d[9] ? null : "has a wrong control digit: expected " + c + " at the end";
        }
        int c1 = weighted(d, new int[] {7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) % 11 % 10;
        int c2 = weighted(d, new int[] {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) % 11 % 10;
        return c1 == d[10] && c2 == d[11] ? null : "has wrong control digits: expected " + c1 + c2 + " at the end";
    }

    private static int weighted(int[] digits, int[] weights) {
        int s = 0;
        for (int i = 0; i < weights.length; i++) s += digits[i] * weights[i];
        return s;
    }
}
