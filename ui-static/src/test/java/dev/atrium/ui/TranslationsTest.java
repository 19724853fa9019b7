package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every UI string the app uses exists, and exists in all four languages. */
class TranslationsTest {
    private static final Path JS = Path.of("src/main/resources/atrium-ui/js");
    private static final Pattern BLOCK = Pattern.compile("\\n  (en|es|'zh-CN'|ru): \\{(.*?)\\n  },", Pattern.DOTALL);
    /** A key with a string, or with plural forms ({@code records: { one: '...', other: '...' }}). */
    private static final Pattern KEY =
            Pattern.compile("(?:^|[\\s,{])([a-zA-Z][a-zA-Z0-9_]*): (?:['\"]|\\{ (?:zero|one|two|few|many|other): )");
    /** Intl.PluralRules categories: the forms inside a plural string, not keys of their own. */
    private static final Set<String> PLURAL = Set.of("zero", "one", "two", "few", "many", "other");

    private static final Pattern PLURAL_STRING = Pattern.compile(
            "[a-zA-Z0-9_]+: (\\{ (?:(?:zero|one|two|few|many|other): '(?:[^'\\\\]|\\\\.)*'(?:, )?)+ })");
    private static final Pattern USE = Pattern.compile("\\bt\\('([a-zA-Z0-9]+)'");

    static Map<String, Set<String>> dictionaries() throws IOException {
        String src = Files.readString(JS.resolve("i18n.js"));
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(src);
        while (m.find()) {
            Set<String> keys = new TreeSet<>();
            Matcher k = KEY.matcher(m.group(2));
            while (k.find()) if (!PLURAL.contains(k.group(1))) keys.add(k.group(1));
            out.put(m.group(1).replace("'", ""), keys);
        }
        return out;
    }

    @Test
    void allLanguagesHaveTheSameStrings() throws IOException {
        Map<String, Set<String>> d = dictionaries();
        assertEquals(Set.of("en", "es", "zh-CN", "ru"), d.keySet());
        Set<String> en = d.get("en");
        assertTrue(en.size() > 150, "the English dictionary was read: " + en.size());
        for (var e : d.entrySet()) {
            Set<String> missing = new TreeSet<>(en);
            missing.removeAll(e.getValue());
            Set<String> extra = new TreeSet<>(e.getValue());
            extra.removeAll(en);
            assertTrue(
                    missing.isEmpty() && extra.isEmpty(), e.getKey() + " lacks " + missing + " and has extra " + extra);
        }
    }

    @Test
    void everyPluralStringHasItsOtherForm() throws IOException {
        Matcher m = PLURAL_STRING.matcher(Files.readString(JS.resolve("i18n.js")));
        int seen = 0;
        while (m.find()) {
            seen++;
            assertTrue(m.group(1).contains("other: '"), "a plural string without its 'other' form: " + m.group());
        }
        assertTrue(seen >= 5, "the plural strings were read: " + seen);
    }

    @Test
    void everyStringTheAppAsksForExists() throws IOException {
        Set<String> en = dictionaries().get("en");
        Set<String> unknown = new TreeSet<>();
        try (Stream<Path> files = Files.walk(JS)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                Matcher m = USE.matcher(Files.readString(p));
                while (m.find()) if (!en.contains(m.group(1))) unknown.add(m.group(1) + " (" + p.getFileName() + ")");
            }
        }
        assertTrue(unknown.isEmpty(), "UI strings without a translation: " + unknown);
    }
}
