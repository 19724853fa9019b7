package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import dev.atrium.metadata.packages.PackageFiles;
import dev.atrium.metadata.packages.PackageReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A consultant's packages at a customer: crm-core and a dental package that extends its account are
 * installed, the customer's administrator changes things, both packages are upgraded to versions that
 * add, relabel and remove, and every customer change survives; the conflict report shows exactly the
 * real conflicts; removed data is kept until purged; uninstall removes the package's own metadata.
 * Runs on a platform of its own: the catalog it adds to is shared by every organisation.
 */
class PackagesIT {
    static Platform platform;
    static Api api;

    @BeforeAll
    static void setUp() {
        platform = TestPlatform.isolated();
        api = TestPlatform.tenantWithAdmin(platform, "clinic");
    }

    @AfterAll
    static void tearDown() {
        platform.close();
    }

    /** The bundled crm-core's files, to derive the versions the test publishes. */
    static Map<String, String> crmCore() {
        return new TreeMap<>(PackageFiles.directory(Path.of("../industry-templates/crm-core")));
    }

    static Map<String, String> edit(Map<String, String> files, String file, String... replacements) {
        String text = files.get(file);
        for (int i = 0; i < replacements.length; i += 2) {
            assertTrue(text.contains(replacements[i]), file + " contains " + replacements[i]);
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        files.put(file, text);
        return files;
    }

    static void publish(Map<String, String> files) {
        platform.blocking(() -> {
            platform.packages().catalog().add(platform.pool(), PackageReader.read(files), null);
            return null;
        });
    }

    static Map<String, String> dental(String version) {
        Map<String, String> f = new TreeMap<>();
        f.put("package.json", """
                {"id": "dental", "version": "%s", "label": {"en": "Dental clinic"},
                 "requires": {"platform": ">=0.1.0", "packages": {"crm-core": "^1.0.0"}}}""".formatted(version));
        f.put("entities/patient.json", """
                {"id": "ent_patient", "name": "patient", "label": {"en": "Patient"}, "titleField": "name",
                 "fields": [{"id": "fld_pat_name", "name": "name", "type": "text", "required": true},
                            {"id": "fld_pat_account", "name": "account", "type": "lookup", "target": "account"},
                            {"id": "fld_pat_birth", "name": "birth_date", "type": "date"}]}""");
        f.put("extensions/account.json", """
                {"entity": "account",
                 "fields": [{"id": "fld_dental_plan", "name": "dental_plan", "type": "text", "label": {"en": "Plan"}}],
                 "values": {"industry": [{"id": "pv_dentistry", "value": "dentistry"}]},
                 "sections": [{"id": "dental", "label": {"en": "Dental"}, "fields": ["dental_plan"]}]}""");
        f.put("i18n/es.json", """
                {"entities": {"patient": {"label": "Paciente", "fields": {"birth_date": {"label": "Nacimiento"}}},
                              "account": {"fields": {"dental_plan": {"label": "Plan dental"}}}}}""");
        f.put("access.json", """
                {"roles": [{"name": "Dentist"}],
                 "permissionSets": [{"name": "Dental staff",
                   "definition": {"entities": {"patient": {"create": true, "read": true, "edit": true}}}}]}""");
        f.put("data/patients.json", """
                {"entity": "patient", "records": [{"name": "Ana Pérez", "birth_date": "1990-02-01"}]}""");
        f.put("README.md", "# Dental clinic\nPatients and their plans.\n");
        return f;
    }

    static Res run(String id, String action, JsonObject body) {
        return api.post("/api/v1/packages/" + id + "/" + action, body);
    }

    static JsonObject account() {
        return api.get("/api/v1/metadata/entities/account").json();
    }

    static JsonObject field(JsonObject entity, String name) {
        for (Object f : entity.getJsonArray("fields")) {
            if (((JsonObject) f).getString("name").equals(name)) return (JsonObject) f;
        }
        return null;
    }

    static List<String> values(JsonObject field) {
        List<String> out = new ArrayList<>();
        for (Object v : field.getJsonArray("values")) out.add(((JsonObject) v).getString("value"));
        return out;
    }

    static JsonObject decision(JsonObject plan, String path) {
        for (Object o : plan.getJsonArray("decisions")) {
            if (((JsonObject) o).getString("path").equals(path)) return (JsonObject) o;
        }
        return null;
    }

    @Test
    void installCustomizeUpgradeAndUninstallKeepEveryCustomerChange() {
        // crm-core 1.3.0 relabels, adds a field and a value, removes a field and a value
        Map<String, String> core11 = edit(
                crmCore(),
                "entities/account.json",
                "\"es\": \"Nombre\"",
                "\"es\": \"Razón social\"",
                "\"es\": \"Valoración\"",
                "\"es\": \"Calificación\"");
        String account = core11.get("entities/account.json");
        int city = account.indexOf("{\n      \"id\": \"fld_180b17bf\"");
        int cityEnd = account.indexOf("{\n      \"id\": \"fld_5511397a\"");
        assertTrue(city > 0 && cityEnd > city, "the fixture finds the city field");
        account = account.substring(0, city)
                + "{\"id\": \"fld_linkedin\", \"name\": \"linkedin\", \"type\": \"url\", \"label\": {\"en\": "
                + "\"LinkedIn\"}},\n"
                + account.substring(cityEnd);
        core11.put("entities/account.json", account);
        edit(
                core11,
                "entities/account.json",
                "\"value\": \"reseller\"",
                "\"value\": \"reseller\"",
                ",\n        {\n          \"id\": \"pv_87ce4ef5\",\n          \"value\": "
                        + "\"government\",\n          \"label\": {\n"
                        + "            \"en\": \"Government\",\n            \"es\": \"Gobierno\",\n"
                        + "            \"zh-CN\": \"政府\",\n            \"ru\": \"Госсектор\"\n          }\n        }",
                "");
        edit(core11, "package.json", "\"version\": \"1.2.0\"", "\"version\": \"1.3.0\"");
        publish(core11);
        publish(dental("1.0.0"));

        // install crm-core 1.2.0 (not the newest), then the dental package with its sample data
        Res core = run("crm-core", "install", new JsonObject().put("version", "1.2.0"));
        assertEquals(200, core.status(), core.body());
        assertTrue(core.json().getBoolean("applied"));
        Res intruder = run("dental", "uninstall", new JsonObject());
        assertEquals(404, intruder.status(), "not installed yet: " + intruder.body());
        Res dentalDry = run("dental", "install", new JsonObject().put("dryRun", true));
        assertEquals(200, dentalDry.status(), dentalDry.body());
        assertFalse(dentalDry.json().getBoolean("applied"));
        assertNull(field(account(), "dental_plan"), "a dry run changes nothing");
        Res dental = run("dental", "install", new JsonObject().put("sampleData", true));
        assertEquals(200, dental.status(), dental.body());
        assertEquals(1, dental.json().getJsonObject("sampleData").getInteger("patient"), dental.body());
        JsonObject acc = account();
        assertEquals(
                "Plan dental",
                field(acc, "dental_plan").getJsonObject("label").getString("es"),
                "translations override inline labels: " + acc);
        assertTrue(values(field(acc, "industry")).contains("dentistry"), "the extension adds a picklist value");
        Res patients = api.get("/api/v1/records/patient?count=true");
        assertEquals(1, patients.json().getLong("total"), patients.body());
        JsonObject pset =
                findNamed(api.get("/api/v1/access/permission-sets").json().getJsonArray("data"), "Dental staff");
        assertNotNull(pset, "the package's permission set is created");

        // the customer's administrator changes account: a field, a label, a value, a list view, a section
        acc.remove("access");
        field(acc, "name").getJsonObject("label").put("es", "Nombre de la cuenta");
        acc.getJsonArray("fields")
                .add(new JsonObject().put("name", "loyalty_tier").put("type", "text"));
        field(acc, "industry").getJsonArray("values").add(new JsonObject().put("value", "veterinary"));
        JsonObject ui = acc.getJsonObject("ui", new JsonObject());
        ui.put(
                "views",
                new JsonArray().add(new JsonObject().put("name", "Big accounts").put("filter", "employees > 100")));
        JsonObject layout = ui.getJsonObject("layout", new JsonObject());
        JsonArray sections = layout.getJsonArray("sections", new JsonArray());
        sections.add(new JsonObject().put("id", "loyalty").put("fields", new JsonArray().add("loyalty_tier")));
        layout.put("sections", sections);
        ui.put("layout", layout);
        acc.put("ui", ui);
        Res customized = api.deploy(new JsonObject().put("entities", new JsonArray().add(acc)));
        assertEquals(201, customized.status(), customized.body());

        // records fill the city the package will drop, and the value it will remove
        JsonObject filled = new JsonObject()
                .put("name", "Smile Ltd")
                .put("city", "Lisbon")
                .put("dental_plan", "Gold")
                .put("tags", new JsonArray().add("government"));
        assertEquals(201, api.post("/api/v1/records/account", filled).status());

        // tenants cannot take a name the package owns, and another package cannot take crm-core's
        Map<String, String> intruding = dental("9.0.0");
        intruding.put("package.json", intruding.get("package.json").replace("\"dental\"", "\"intruder\""));
        intruding.put(
                "entities/patient.json",
                intruding
                        .get("entities/patient.json")
                        .replace("ent_patient", "ent_other_invoice")
                        .replace("\"name\": \"patient\"", "\"name\": \"invoice\"")
                        .replace("fld_pat_", "fld_inv_"));
        intruding.remove("extensions/account.json");
        intruding.remove("data/patients.json");
        intruding.remove("i18n/es.json");
        intruding.remove("access.json");
        publish(intruding);
        Res taken = run("intruder", "install", new JsonObject());
        assertEquals(409, taken.status(), taken.body());
        assertTrue(
                taken.body().contains("invoice") && taken.body().contains("crm-core"),
                "the refusal names the owner: " + taken.body());

        // the upgrade's plan: one real conflict, two removals that touch data, nothing else asks
        Res plan = run("crm-core", "upgrade", new JsonObject().put("dryRun", true));
        assertEquals(200, plan.status(), plan.body());
        JsonObject p = plan.json();
        assertFalse(p.getBoolean("ready"), p.encodePrettily());
        String label = "/entities/ent_account/fields[fld_4643d37d]/label/es";
        String cityPath = "/entities/ent_account/fields[fld_180b17bf]";
        JsonArray items = p.getJsonArray("decisions");
        List<String> paths = new ArrayList<>();
        items.forEach(o -> paths.add(((JsonObject) o).getString("path")));
        assertEquals(3, items.size(), "exactly the real conflicts and data-touching removals: " + paths);
        JsonObject conflict = decision(p, label);
        assertNotNull(conflict, paths.toString());
        assertEquals("conflict", conflict.getString("kind"));
        assertEquals("Nombre de la cuenta", conflict.getString("tenant"));
        assertEquals("Razón social", conflict.getString("package"));
        JsonObject cityRemoval = decision(p, cityPath);
        assertNotNull(cityRemoval, paths.toString());
        assertEquals(1, cityRemoval.getLong("records"), cityRemoval.encode());
        JsonObject valueRemoval = null;
        for (Object o : items) {
            if (((JsonObject) o).getString("path").contains("/values[")) valueRemoval = (JsonObject) o;
        }
        assertNotNull(valueRemoval, "the removed value records hold is a decision: " + paths);
        assertTrue(valueRemoval.getString("what").contains("government"), valueRemoval.encode());
        boolean addsLinkedin = false;
        for (Object o : p.getJsonArray("changes")) {
            JsonObject c = (JsonObject) o;
            if (c.getString("path").endsWith("fields[fld_linkedin]")
                    && c.getString("kind").equals("added")) {
                addsLinkedin = true;
            }
        }
        assertTrue(addsLinkedin, "the plan lists the new field: " + p.getJsonArray("changes"));

        Res undecided = run("crm-core", "upgrade", new JsonObject());
        assertEquals(409, undecided.status(), undecided.body());
        assertEquals("1.2.0", installedVersion("crm-core"), "a refused upgrade changes nothing");

        JsonObject decisions = new JsonObject()
                .put(label, "tenant")
                .put(cityPath, "package")
                .put(valueRemoval.getString("path"), "package");
        Res upgraded = run("crm-core", "upgrade", new JsonObject().put("decisions", decisions));
        assertEquals(200, upgraded.status(), upgraded.body());
        assertEquals("1.3.0", installedVersion("crm-core"));

        acc = account();
        assertEquals(
                "Nombre de la cuenta",
                field(acc, "name").getJsonObject("label").getString("es"),
                "the customer's label won the conflict by decision");
        assertEquals(
                "Calificación",
                field(acc, "rating").getJsonObject("label").getString("es"),
                "the package's relabel of an untouched label applies");
        assertNotNull(field(acc, "linkedin"), "the package's new field arrives");
        assertNotNull(field(acc, "loyalty_tier"), "the customer's field survives");
        assertNotNull(field(acc, "dental_plan"), "the other package's extension survives");
        assertNull(field(acc, "city"), "the removed field is gone from the metadata");
        assertTrue(
                values(field(acc, "industry")).containsAll(List.of("veterinary", "dentistry")),
                "the customer's and the extension's values survive: " + values(field(acc, "industry")));
        assertFalse(values(field(acc, "tags")).contains("government"), "the removed value is gone");
        assertEquals(
                "Big accounts",
                acc.getJsonObject("ui").getJsonArray("views").getJsonObject(0).getString("name"));
        List<String> sectionIds = new ArrayList<>();
        acc.getJsonObject("ui")
                .getJsonObject("layout")
                .getJsonArray("sections")
                .forEach(s -> sectionIds.add(((JsonObject) s).getString("id")));
        assertTrue(sectionIds.containsAll(List.of("dental", "loyalty")), sectionIds.toString());
        boolean kept = false;
        for (Object o : api.get("/api/v1/metadata/removed").json().getJsonArray("data")) {
            if (((JsonObject) o).getString("id").equals("fld_180b17bf")) kept = true;
        }
        assertTrue(kept, "the removed field's data is kept until the admin purges it");
        JsonObject version = api.get("/api/v1/metadata/deployments")
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertEquals("crm-core", version.getJsonObject("package").getString("id"));
        assertEquals("1.3.0", version.getJsonObject("package").getString("version"));

        Res mine = api.get("/api/v1/packages/crm-core/customizations");
        assertEquals(200, mine.status(), mine.body());
        String customizations = mine.body();
        assertTrue(
                customizations.contains("loyalty_tier")
                        && customizations.contains("Nombre de la cuenta")
                        && customizations.contains("veterinary")
                        && customizations.contains("Big accounts"),
                "the tenant layer lists every customer change: " + customizations);
        assertFalse(customizations.contains("dental_plan"), "another package's extension is not a customization");

        // uninstalling crm-core while dental needs it is refused; dental goes after a plan
        Res needed = run("crm-core", "uninstall", new JsonObject().put("dryRun", true));
        assertEquals(409, needed.status(), needed.body());
        assertTrue(needed.body().contains("dental"), needed.body());
        Res goneDry = run("dental", "uninstall", new JsonObject().put("dryRun", true));
        assertEquals(200, goneDry.status(), goneDry.body());
        assertNotNull(decision(goneDry.json(), "/entities/ent_patient"), "removing patients with records asks");
        Res gone = run("dental", "uninstall", new JsonObject().put("decideAll", "package"));
        assertEquals(200, gone.status(), gone.body());
        assertEquals(404, api.get("/api/v1/metadata/entities/patient").status(), "the package's entity is removed");
        acc = account();
        assertNull(field(acc, "dental_plan"), "its extension of account is removed");
        assertNotNull(field(acc, "loyalty_tier"), "the customer's own field stays");
        assertNull(installedVersion("dental"));
        assertNull(
                findNamed(api.get("/api/v1/access/permission-sets").json().getJsonArray("data"), "Dental staff"),
                "an unchanged, unassigned permission set of the package goes with it");
    }

    @Test
    void onlyOperatorsAddPackagesToTheCatalogAndBrokenArchivesAreRefusedWithTheirFile() throws Exception {
        Api other = TestPlatform.tenantWithAdmin(platform, "catalog");
        Map<String, String> files = dental("2.0.0");
        files.put("package.json", files.get("package.json").replace("\"dental\"", "\"uploaded\""));
        byte[] zip = zip("uploaded/", files);
        Res refused = other.postBytes("/api/v1/packages", zip, "application/zip");
        assertEquals(403, refused.status(), "a tenant administrator is not a platform operator: " + refused.body());
        UUID admin = platform.blocking(() -> platform.auth().userId(other.tenant, other.email));
        platform.blocking(() -> {
            platform.auth().setOperator(admin, true);
            return null;
        });
        Res added = other.postBytes("/api/v1/packages", zip, "application/zip");
        assertEquals(201, added.status(), added.body());
        assertEquals("uploaded", added.json().getString("id"));

        Map<String, String> broken = new TreeMap<>(files);
        broken.put("package.json", broken.get("package.json").replace("\"2.0.0\"", "\"2.0.1\""));
        broken.put(
                "entities/patient.json",
                broken.get("entities/patient.json").replace("\"id\": \"fld_pat_birth\", ", ""));
        Res bad = other.postBytes("/api/v1/packages", zip("", broken), "application/zip");
        assertEquals(422, bad.status(), bad.body());
        assertEquals(
                "/entities/patient.json/fields/2/id",
                bad.json().getJsonArray("errors").getJsonObject(0).getString("pointer"),
                bad.body());

        Res same = other.postBytes("/api/v1/packages", zip("x/", files), "application/zip");
        assertEquals(201, same.status(), "the same content again is fine: " + same.body());
        Map<String, String> changed = new TreeMap<>(files);
        changed.put("README.md", "changed\n");
        Res clash = other.postBytes("/api/v1/packages", zip("", changed), "application/zip");
        assertEquals(409, clash.status(), "a known version never changes: " + clash.body());
    }

    static byte[] zip(String folder, Map<String, String> files) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(folder + f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static String installedVersion(String id) {
        for (Object o : api.get("/api/v1/packages").json().getJsonArray("data")) {
            JsonObject p = (JsonObject) o;
            if (p.getString("id").equals(id) && p.getJsonObject("installed") != null) {
                return p.getJsonObject("installed").getString("version");
            }
        }
        return null;
    }

    static JsonObject findNamed(JsonArray list, String name) {
        for (Object o : list) if (((JsonObject) o).getString("name").equals(name)) return (JsonObject) o;
        return null;
    }
}
