package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** STYLE.md, checked over every module's Java sources: lines fit in 120 columns, files stay small. */
class SourceStyleTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int COLUMNS = 120;
    private static final int MAX_LINES = 400;

    private static List<Path> sources(String kind) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/" + kind + "/"))
                    .filter(p ->
                            !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .toList();
        }
    }

    @Test
    void everyLineFitsIn120Columns() throws IOException {
        List<Path> files = new ArrayList<>(sources("main"));
        files.addAll(sources("test"));
        assertTrue(files.size() > 200, "the sources of every module are found under " + ROOT + ": " + files.size());
        List<String> long_ = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.codePointCount(0, line.length()) > COLUMNS) {
                    long_.add(ROOT.relativize(f) + ":" + (i + 1));
                }
            }
        }
        assertEquals(List.of(), long_, "lines longer than " + COLUMNS + " columns");
    }

    @Test
    void noSourceFileOutgrows400Lines() throws IOException {
        List<String> big = new ArrayList<>();
        for (Path f : sources("main")) {
            long lines = Files.readAllLines(f, StandardCharsets.UTF_8).size();
            if (lines > MAX_LINES) big.add(ROOT.relativize(f) + " (" + lines + " lines)");
        }
        assertEquals(List.of(), big, "files past " + MAX_LINES + " lines are split by responsibility (STYLE.md 7)");
    }
}
