package dev.atrium.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of the list path reads byte for byte as Vert.x's codec writes the same values. */
class JsonOutTest {
    @Test
    void stringsAreEscapedAsTheCodecEscapesThem() {
        Random random = new Random(42);
        int[] awkward = {'"', '\\', '/', '\n', '\r', '\t', '\b', '\f', 0, 1, 0x1f, 0x7f, 0xe9, 0x2028, 0x4e2d, 0x1f600};
        for (int round = 0; round < 2_000; round++) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                s.appendCodePoint(
                        random.nextBoolean() ? awkward[random.nextInt(awkward.length)] : 0x20 + random.nextInt(0x5f));
            }
            assertEquals(Json.encode(s.toString()), written(new JsonOut(8).string(s.toString())), s.toString());
        }
    }

    @Test
    void valuesAreWrittenAsTheCodecWritesThem() {
        Object[] values = {
            null,
            true,
            false,
            0,
            -7,
            Long.MAX_VALUE,
            new BigDecimal("12.500"),
            new BigDecimal("1E+3"),
            2.5d,
            Map.of("k", new JsonArray().add(1).add("two")),
            new JsonObject().put("a", JsonObject.of()),
            "x"
        };
        for (Object v : values) assertEquals(Json.encode(v), written(new JsonOut(1).value(v)), String.valueOf(v));
        assertEquals("\"name\":", new String(JsonOut.member("name", true)));
        assertEquals(",\"say \\\"hi\\\"\":", new String(JsonOut.member("say \"hi\"", false)));
    }

    private static String written(JsonOut out) {
        return out.toBuffer().toString();
    }
}
