package dev.atrium.cli;

import dev.atrium.internal.ApiProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A package operation's result as lines a person reads in a terminal. */
final class PackagePlanPrinter {
    private PackagePlanPrinter() {}

    static void print(String tenant, JsonObject result) {
        JsonObject p = result.getJsonObject("package");
        String what = p.getString("id") + " " + (p.getString("from") == null ? "" : p.getString("from") + " -> ")
                + (p.getString("to") == null ? "(removed)" : p.getString("to"));
        if (result.getBoolean("unchanged", false)) {
            System.out.println(tenant + ": " + p.getString("id") + " is already at " + p.getString("to"));
            return;
        }
        JsonArray changes = result.getJsonArray("changes", new JsonArray());
        JsonArray decisions = result.getJsonArray("decisions", new JsonArray());
        String verb =
                result.getBoolean("applied", false) ? p.getString("action") + "ed" : "would " + p.getString("action");
        System.out.println(tenant + ": " + what + ": " + verb.replace("eed", "ed") + " (" + changes.size()
                + " metadata change(s), " + decisions.size() + " decision item(s))");
        for (int i = 0; i < changes.size(); i++) {
            JsonObject c = changes.getJsonObject(i);
            Object value = c.getValue("after") != null ? c.getValue("after") : c.getValue("before");
            String name = value instanceof JsonObject o && o.getString("name", o.getString("value")) != null
                    ? " " + o.getString("name", o.getString("value"))
                    : "";
            System.out.println(
                    "  " + c.getString("kind") + " " + c.getString("entity") + name + "  " + c.getString("path"));
        }
        for (int i = 0; i < decisions.size(); i++) {
            JsonObject d = decisions.getJsonObject(i);
            System.out.println("  decide " + d.getString("path") + " (" + d.getString("what") + ")"
                    + (d.getBoolean("decided") ? ": " + d.getString("choice") : ": undecided"));
        }
        for (Object o : result.getJsonArray("access", new JsonArray())) {
            JsonObject a = (JsonObject) o;
            System.out.println("  " + a.getString("action") + " " + a.getString("kind") + " " + a.getString("name"));
        }
    }

    /** A refused operation: with several organisations the run goes on, so it is one line per organisation. */
    static void refused(String tenant, ApiProblem problem, boolean many) {
        JsonObject json = problem.toJson(null);
        JsonArray items = json.getJsonArray("decisions");
        System.out.println(tenant + ": not changed: " + problem.getMessage());
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                JsonObject d = items.getJsonObject(i);
                if (!d.getBoolean("decided")) {
                    System.out.println("  undecided " + d.getString("path") + " (" + d.getString("what") + ")");
                }
            }
        }
        if (!many) System.out.flush();
    }
}
