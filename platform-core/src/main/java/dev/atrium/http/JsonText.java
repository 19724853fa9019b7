package dev.atrium.http;

import dev.atrium.internal.ApiProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Checks on the text in request bodies that JSON itself allows but storage does not. */
final class JsonText {
    private JsonText() {}

    /** Refuses a string (or member name) holding an unpaired surrogate such as {@code "\ud800x"}, at its pointer. */
    static void checkUnicode(Object value, String pointer) {
        if (value instanceof JsonObject o) {
            for (var e : o) {
                String at = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                if (!wellFormed(e.getKey())) throw bad(at);
                checkUnicode(e.getValue(), at);
            }
        } else if (value instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) checkUnicode(a.getValue(i), pointer + "/" + i);
        } else if (value instanceof String s && !wellFormed(s)) {
            throw bad(pointer);
        }
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static ApiProblem bad(String pointer) {
        return ApiProblem.invalidField(
                pointer,
                "holds a broken character (an unpaired UTF-16 surrogate such as \\\\ud800); send valid Unicode");
    }
}
