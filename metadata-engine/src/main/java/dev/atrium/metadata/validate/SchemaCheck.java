package dev.atrium.metadata.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks a document against a shipped JSON Schema (draft 2020-12) and reports JSON pointers. The schemas
 * refer to each other by their ids ({@code https://atrium.dev/schemas/...}), which resolve to the copies
 * on the classpath: nothing is fetched.
 */
public final class SchemaCheck {
    private static final String BASE = "https://atrium.dev/schemas/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, b -> b.schemaIdResolvers(r -> r.mapPrefix(BASE, "classpath:schemas/")));
    private final Schema schema;

    /** @param resource a schema under {@code /schemas/} on the classpath, e.g. {@code package.schema.json} */
    public SchemaCheck(String resource) {
        if (SchemaCheck.class.getResource("/schemas/" + resource) == null) {
            throw new IllegalStateException("schema resource missing: " + resource);
        }
        this.schema = REGISTRY.getSchema(SchemaLocation.of(BASE + resource));
    }

    /** Every problem of {@code json}; {@code document} names it in each problem. Thread-safe. */
    public List<Problem> check(String document, JsonNode json) {
        List<Problem> out = new ArrayList<>();
        for (Error e : schema.validate(json)) {
            String pointer = pointer(e.getInstanceLocation());
            String property = e.getProperty();
            if ("required".equals(e.getKeyword()) && property != null) {
                out.add(new Problem(document, pointer, "\"" + property + "\" is required here"));
            } else if ("additionalProperties".equals(e.getKeyword()) && property != null) {
                out.add(new Problem(
                        document,
                        pointer + "/" + escape(property),
                        "\"" + property + "\" is not a known property here; check its spelling"));
            } else {
                out.add(new Problem(document, pointer, clean(e.getMessage())));
            }
        }
        return out;
    }

    static String pointer(NodePath path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            sb.append('/').append(escape(String.valueOf(path.getElement(i))));
        }
        return sb.toString();
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** networknt messages start with the instance path; the pointer already says where. */
    private static String clean(String message) {
        int colon = message.indexOf(": ");
        String m = message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
        return m.isEmpty() ? m : Character.toUpperCase(m.charAt(0)) + m.substring(1);
    }
}
