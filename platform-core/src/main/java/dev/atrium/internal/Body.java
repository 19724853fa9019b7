package dev.atrium.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A request body read strictly: only the members an endpoint knows (a mistyped {@code "dryrun"} is
 * refused rather than ignored), each of the type it must have. Every problem is a 422 whose pointer names
 * the member and whose message says what to send instead, so nothing is half-done on a bad request.
 */
public final class Body {
    private final JsonObject json;
    private final String pointer;

    private Body(JsonObject json, String pointer) {
        this.json = json;
        this.pointer = pointer;
    }

    /** The body, refusing any member not in {@code members}. */
    public static Body of(JsonObject json, String... members) {
        return at(json, "", members);
    }

    /** A nested object at {@code pointer}, refusing any member not in {@code members}. */
    public static Body at(JsonObject json, String pointer, String... members) {
        JsonObject o = json == null ? new JsonObject() : json;
        Set<String> known = Set.of(members);
        for (String k : o.fieldNames()) {
            if (!known.contains(k)) {
                throw ApiProblem.invalidField(
                        pointer + "/" + escape(k),
                        "\"" + k + "\" is not something this request takes; it takes "
                                + String.join(", ", new TreeSet<>(Arrays.asList(members))));
            }
        }
        return new Body(o, pointer);
    }

    public boolean has(String member) {
        return json.containsKey(member);
    }

    public JsonObject json() {
        return json;
    }

    /** A text member, or null when absent or null. */
    public String string(String member) {
        Object v = json.getValue(member);
        if (v == null) return null;
        if (!(v instanceof String s)) throw wrong(member, "text");
        return s;
    }

    public String string(String member, String dflt) {
        String v = string(member);
        return v == null ? dflt : v;
    }

    public String requiredString(String member) {
        String v = string(member);
        if (v == null || v.isBlank()) throw ApiProblem.invalidField(at(member), "\"" + member + "\" is required");
        return v;
    }

    /** One of {@code allowed}, or {@code dflt} when absent. */
    public String oneOf(String member, String dflt, String... allowed) {
        String v = string(member, dflt);
        if (v != null && !Arrays.asList(allowed).contains(v)) {
            throw ApiProblem.invalidField(
                    at(member),
                    "\"" + member + "\" must be one of " + String.join(", ", allowed) + ", not \"" + v + "\"");
        }
        return v;
    }

    /** A boolean member ({@code true}/{@code false}, never "yes" or 1), or {@code dflt} when absent. */
    public boolean bool(String member, boolean dflt) {
        Object v = json.getValue(member);
        if (v == null) return dflt;
        if (!(v instanceof Boolean b)) throw wrong(member, "true or false");
        return b;
    }

    /** A boolean member, or null when absent. */
    public Boolean optionalBool(String member) {
        return json.getValue(member) == null ? null : bool(member, false);
    }

    /** A whole number between {@code min} and {@code max}, or {@code dflt} when absent. */
    public int integer(String member, int dflt, int min, int max) {
        Object v = json.getValue(member);
        if (v == null) return dflt;
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()))
            throw wrong(member, "a whole number");
        long l = n.longValue();
        if (l < min || l > max)
            throw ApiProblem.invalidField(at(member), "\"" + member + "\" must be between " + min + " and " + max);
        return (int) l;
    }

    public JsonObject object(String member) {
        Object v = json.getValue(member);
        if (v == null) return null;
        if (!(v instanceof JsonObject o)) throw wrong(member, "an object");
        return o;
    }

    public JsonArray array(String member) {
        Object v = json.getValue(member);
        if (v == null) return null;
        if (!(v instanceof JsonArray a)) throw wrong(member, "a list");
        return a;
    }

    /** A list of text values, or null when absent. */
    public List<String> strings(String member) {
        JsonArray a = array(member);
        if (a == null) return null;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!(a.getValue(i) instanceof String s))
                throw ApiProblem.invalidField(at(member) + "/" + i, "must be text");
            out.add(s);
        }
        return out;
    }

    /** An id member, or null when absent. */
    public UUID uuid(String member) {
        Object v = json.getValue(member);
        if (v == null) return null;
        return id(v, at(member));
    }

    /** A list of ids, or null when absent. */
    public List<UUID> uuids(String member) {
        JsonArray a = array(member);
        if (a == null) return null;
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) out.add(id(a.getValue(i), at(member) + "/" + i));
        return out;
    }

    private static UUID id(Object v, String pointer) {
        if (v instanceof String s && s.length() == 36) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException ignored) {
                // falls through to the problem
            }
        }
        throw ApiProblem.invalidField(pointer, "must be an id like 0190f3c2-7a4e-7cc1-9a37-2f2b6a3c1d0e");
    }

    private String at(String member) {
        return pointer + "/" + escape(member);
    }

    private ApiProblem wrong(String member, String what) {
        return ApiProblem.invalidField(at(member), "\"" + member + "\" must be " + what);
    }

    /** A JSON pointer segment (RFC 6901). */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
