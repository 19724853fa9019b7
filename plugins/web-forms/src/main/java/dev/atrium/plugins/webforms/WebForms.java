package dev.atrium.plugins.webforms;

import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.ConfigProperty;
import dev.atrium.plugin.api.HttpRoute;
import dev.atrium.plugin.api.JsonText;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.PluginException;
import dev.atrium.plugin.api.UiContribution;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/** The extensions: the public submit route, the admin's list of forms, and the navigation entry. */
public final class WebForms {
    static final List<ConfigProperty> SETTINGS = List.of(new ConfigProperty(
            "forms",
            "Forms",
            "JSON: {\"contact\": {\"entity\": \"lead\", \"fields\": {\"name\": \"name\", \"email\": \"email\"}, "
                    + "\"fixed\": {\"source\": \"web\"}, \"required\": [\"email\"]}}",
            ConfigProperty.Type.JSON,
            true,
            false,
            null));
    static final List<AccessNeed> ACCESS = List.of(AccessNeed.of("lead", "create"), AccessNeed.of("case", "create"));
    private static final int MAX_BODY = 16 * 1024;

    private WebForms() {}

    /**
     * {@code POST /api/v1/ext/web-forms/submit/<form>?tenant=<slug>}, public, JSON or form-encoded. A human
     * submission creates the record through the normal write path (validation rules, workflows and audit
     * apply); spam gets the same answer but creates nothing.
     */
    @Extension
    public static final class Submit implements HttpRoute {
        public String id() {
            return "submit";
        }

        public boolean publicAccess() {
            return true;
        }

        public List<ConfigProperty> settings() {
            return SETTINGS;
        }

        public List<AccessNeed> access() {
            return ACCESS;
        }

        public Response handle(Request req, PluginContext ctx) {
            if (!req.method().equals("POST")) return Response.json(405, "{\"detail\":\"send the form with POST\"}");
            if (req.body() != null && req.body().length() > MAX_BODY)
                return Response.json(413, "{\"detail\":\"the form is larger than 16 KiB\"}");
            String name = req.path().startsWith("/") ? req.path().substring(1) : req.path();
            FormConfig.Form form = FormConfig.parse(ctx.settings().get("forms")).get(name);
            if (form == null)
                return Response.json(404, "{\"detail\":" + JsonText.write("there is no form \"" + name + "\"") + "}");
            Map<String, String> input = input(req);
            String spam = Spam.check(input, System.currentTimeMillis());
            if (spam != null) {
                ctx.log().log(
                        System.Logger.Level.INFO,
                        "web form {0}: submission dropped ({1}) from {2}",
                        name,
                        spam,
                        req.remoteAddress());
                return Response.json(200, "{\"status\":\"received\"}");
            }
            List<Map<String, Object>> errors = new ArrayList<>();
            for (String r : form.required()) {
                if (input.get(r) == null || input.get(r).isBlank())
                    errors.add(Map.of("field", r, "message", "is required"));
            }
            if (!errors.isEmpty())
                return Response.json(
                        422, "{\"detail\":\"some fields are missing\",\"errors\":" + JsonText.write(errors) + "}");
            Map<String, Object> values = new LinkedHashMap<>(form.fixed());
            form.fields().forEach((in, field) -> {
                String v = input.get(in);
                if (v != null && !v.isBlank()) values.put(field, v.trim());
            });
            try {
                Map<String, Object> created = ctx.records().create(form.entity(), values);
                return Response.json(201, "{\"status\":\"received\",\"id\":" + JsonText.write(created.get("id")) + "}");
            } catch (PluginException e) {
                return Response.json(422, "{\"detail\":" + JsonText.write(e.getMessage()) + "}");
            }
        }
    }

    /** {@code GET /api/v1/ext/web-forms/forms} (signed in): the configured forms and their submit URLs. */
    @Extension
    public static final class ListForms implements HttpRoute {
        public String id() {
            return "forms";
        }

        public List<ConfigProperty> settings() {
            return SETTINGS;
        }

        public Response handle(Request req, PluginContext ctx) {
            List<Object> out = new ArrayList<>();
            for (FormConfig.Form f :
                    FormConfig.parse(ctx.settings().get("forms")).values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", f.name());
                m.put("entity", f.entity());
                m.put("inputs", new ArrayList<>(f.fields().keySet()));
                m.put("submitUrl", "/api/v1/ext/web-forms/submit/" + f.name() + "?tenant=" + ctx.tenant());
                out.add(m);
            }
            return Response.json(200, "{\"data\":" + JsonText.write(out) + "}");
        }
    }

    /** The "Web forms" page in the app's navigation, and the script sites embed. */
    @Extension
    public static final class Ui implements UiContribution {
        public String id() {
            return "web-forms-ui";
        }

        public List<NavEntry> navigation() {
            return List.of(new NavEntry(
                    "Web forms",
                    "/ext/web-forms/forms.html",
                    java.util.Map.of("es", "Formularios web", "zh-CN", "网页表单", "ru", "Веб-формы")));
        }
    }

    static Map<String, String> input(HttpRoute.Request req) {
        Map<String, String> out = new LinkedHashMap<>();
        String body = req.body() == null ? "" : req.body().trim();
        String type = req.headers().getOrDefault("content-type", "");
        if (type.startsWith("application/json") || body.startsWith("{")) {
            Object parsed;
            try {
                parsed = JsonText.parse(body.isEmpty() ? "{}" : body);
            } catch (RuntimeException e) {
                throw new PluginException("the form is not valid JSON: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> m)) throw new PluginException("send the form as a JSON object");
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
            return out;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
