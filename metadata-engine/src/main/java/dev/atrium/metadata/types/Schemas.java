package dev.atrium.metadata.types;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small builders for JSON Schema fragments (as ordered Maps). */
final class Schemas {
    private Schemas() {}

    static Map<String, Object> of(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
