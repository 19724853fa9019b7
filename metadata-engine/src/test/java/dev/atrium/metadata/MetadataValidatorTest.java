package dev.atrium.metadata;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.metadata.validate.MetadataValidator;
import dev.atrium.metadata.validate.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every class of metadata error is reported with the JSON pointer of the offending member and a sentence. */
class MetadataValidatorTest {
    private static final String OK_ACCOUNT =
            "{\"name\":\"account\",\"fields\":[{\"name\":\"name\",\"type\":\"text\"}]}";

    static Stream<Arguments> problems() {
        return Stream.of(
                problem(
                        "unknown property",
                        "{'name':'deal','fields':[{'name':'a','type':'text','colour':1}]}",
                        "/fields/0/colour",
                        "not a known property"),
                problem("missing name", "{'fields':[]}", "", "\"name\" is required"),
                problem("illegal name", "{'name':'Deal-X','fields':[]}", "/name", null),
                problem(
                        "name over 40 chars",
                        "{'name':'deal','fields':[{'name':"
                                + "'a_very_long_field_name_that_goes_past_forty','type':'text'}]}",
                        "/fields/0/name",
                        null),
                problem(
                        "unknown type",
                        "{'name':'deal','fields':[{'name':'a','type':'txt'}]}",
                        "/fields/0/type",
                        "Unknown field type"),
                problem(
                        "attribute misplaced",
                        "{'name':'deal','fields':[{'name':'a','type':'date'," + "'maxLength':4}]}",
                        "/fields/0/maxLength",
                        "does not apply"),
                problem(
                        "unresolved target",
                        "{'name':'deal','fields':[{'name':'a','type':'lookup'," + "'target':'acount'}]}",
                        "/fields/0/target",
                        "did you mean \"account\""),
                problem(
                        "missing target",
                        "{'name':'deal','fields':[{'name':'a','type':'lookup'}]}",
                        "/fields/0",
                        "\"target\" is required"),
                problem(
                        "duplicate field",
                        "{'name':'deal','fields':[{'name':'a','type':'text'},{'name':'a'," + "'type':'date'}]}",
                        "/fields/1/name",
                        "defined twice"),
                problem(
                        "system field name",
                        "{'name':'deal','fields':[{'name':'version','type':'integer'}]}",
                        "/fields/0/name",
                        "system field"),
                problem(
                        "double underscore",
                        "{'name':'deal','fields':[{'name':'a__b','type':'text'}]}",
                        "/fields/0/name",
                        "may not contain"),
                problem(
                        "bad picklist default",
                        "{'name':'deal','fields':[{'name':'s','type':'picklist',"
                                + "'default':'x','values':[{'value':'a'}]}]}",
                        "/fields/0/default",
                        "must be one of"),
                problem(
                        "duplicate pick value",
                        "{'name':'deal','fields':[{'name':'s','type':'picklist',"
                                + "'values':[{'value':'a'},{'value':'a'}]}]}",
                        "/fields/0/values/1/value",
                        "listed twice"),
                problem(
                        "empty picklist",
                        "{'name':'deal','fields':[{'name':'s','type':'picklist'}]}",
                        "/fields/0/values",
                        "at least one value"),
                problem(
                        "scale over precision",
                        "{'name':'deal','fields':[{'name':'d','type':'decimal'," + "'precision':4,'scale':6}]}",
                        "/fields/0/scale",
                        "cannot exceed"),
                problem(
                        "min over max",
                        "{'name':'deal','fields':[{'name':'d','type':'integer','min':5," + "'max':1}]}",
                        "/fields/0/min",
                        "greater than max"),
                problem(
                        "unique on boolean",
                        "{'name':'deal','fields':[{'name':'b','type':'boolean'," + "'unique':true}]}",
                        "/fields/0/unique",
                        null),
                problem(
                        "bad title field",
                        "{'name':'deal','titleField':'nope','fields':[]}",
                        "/titleField",
                        "not a field"),
                problem(
                        "bad autonumber prefix",
                        "{'name':'deal','fields':[{'name':'n','type':'autonumber'," + "'prefix':'x\\u0027; drop'}]}",
                        "/fields/0/prefix",
                        null),
                problem(
                        "layout unknown field",
                        "{'name':'deal','fields':[{'name':'a','type':'text'}],"
                                + "'ui':{'layout':{'sections':[{'fields':['a','zz']}]}}}",
                        "/ui/layout/sections/0/fields/1",
                        "not a field"),
                problem(
                        "layout field twice",
                        "{'name':'deal','fields':[{'name':'a','type':'text'}],"
                                + "'ui':{'layout':{'sections':[{'fields':['a']},{'fields':['a']}]}}}",
                        "/ui/layout/sections/1/fields/0",
                        "already in the layout"),
                problem(
                        "kanban not picklist",
                        "{'name':'deal','fields':[{'name':'a','type':'text'}]," + "'ui':{'kanban':{'field':'a'}}}",
                        "/ui/kanban/field",
                        "needs a picklist"),
                problem(
                        "calendar not a date",
                        "{'name':'deal','fields':[{'name':'a','type':'text'}]," + "'ui':{'calendar':{'field':'a'}}}",
                        "/ui/calendar/field",
                        "date or datetime"),
                problem(
                        "list unknown column",
                        "{'name':'deal','fields':[{'name':'a','type':'text'}],"
                                + "'ui':{'list':{'columns':['a','created_at','b']}}}",
                        "/ui/list/columns/2",
                        "not a field"),
                problem(
                        "ui unknown key",
                        "{'name':'deal','fields':[],'ui':{'colors':1}}",
                        "/ui/colors",
                        "not a known property"),
                problem(
                        "m2m link attr type",
                        "{'name':'deal','fields':[{'name':'m','type':'many_to_many',"
                                + "'target':'account','linkFields':[{'name':'x','type':'lookup',"
                                + "'target':'account'}]}]}",
                        "/fields/0/linkFields/0/type",
                        "simple type"),
                problem(
                        "workflow condition",
                        flow("'condition':'nope = 1','actions':[{'type':'notify'}]"),
                        "/workflows/0/condition",
                        "nope"),
                problem(
                        "update unknown field",
                        flow("'actions':[{'type':'update','values':{'zz':'x'}}]"),
                        "/workflows/0/actions/0/values/zz",
                        "not a field"),
                problem(
                        "update computed field",
                        flow("'actions':[{'type':'update','values':{'f':1}}]"),
                        "/workflows/0/actions/0/values/f",
                        "computed"),
                problem(
                        "create unknown entity",
                        flow("'actions':[{'type':'create','entity':'ghost'}]"),
                        "/workflows/0/actions/0/entity",
                        "not an entity"),
                problem(
                        "create unknown field",
                        flow("'actions':[{'type':'create','entity':'account','values':{'zz':1}}]"),
                        "/workflows/0/actions/0/values/zz",
                        "not a field of account"),
                problem(
                        "placeholder",
                        flow("'actions':[{'type':'update','values':{'a':'Hello {{nope}}'}}]"),
                        "/workflows/0/actions/0/values/a",
                        "{{nope}}"),
                problem(
                        "guard filter",
                        "{'name':'deal','fields':[{'name':'s','type':'picklist','values':[{'value':'a'},"
                                + "{'value':'b'}]}],'stateMachines':[{'field':'s','transitions':{'a':['b']},"
                                + "'guards':{'b':'s >'}}]}",
                        "/stateMachines/0/guards/b",
                        null),
                problem(
                        "view filter",
                        "{'name':'deal','fields':[{'name':'a','type':'text'}],'ui':{'views':[{'name':'v',"
                                + "'filter':'zz = 1'}]}}",
                        "/ui/views/0/filter",
                        "zz"),
                problem(
                        "view sort",
                        "{'name':'deal','fields':[{'name':'a','type':'text'}],'ui':{'views':[{'name':'v',"
                                + "'sort':'-zz'}]}}",
                        "/ui/views/0/sort",
                        "zz"),
                problem(
                        "approval outcome",
                        "{'name':'deal','fields':[{'name':'a','type':'text'}],'approvals':[{'name':'p',"
                                + "'steps':[{'name':'s','manager':true}],'onApprove':{'zz':1}}]}",
                        "/approvals/0/onApprove/zz",
                        "not a field"),
                problem(
                        "conversion target entity",
                        lead("'creates':[{'as':'acc','entity':'nope'}]"),
                        "/conversions/0/creates/0/entity",
                        "not an entity"),
                problem(
                        "conversion value field",
                        lead("'creates':[{'as':'acc','entity':'account','values':{'zz':'{{company}}'}}]"),
                        "/conversions/0/creates/0/values/zz",
                        "not a field of account"),
                problem(
                        "conversion placeholder",
                        lead("'creates':[{'as':'acc','entity':'account','values':{'name':'{{zz}}'}}]"),
                        "/conversions/0/creates/0/values/name",
                        "{{zz}} names no field of lead and no earlier target"),
                problem(
                        "conversion target named like a field",
                        lead("'creates':[{'as':'company','entity':'account'}]"),
                        "/conversions/0/creates/0/as",
                        "is a field of lead"),
                problem(
                        "conversion then of a later-unknown target",
                        lead("'creates':[{'as':'acc','entity':'account'}],'then':{'company':'{{other}}'}"),
                        "/conversions/0/then/company",
                        "{{other}}"),
                problem(
                        "conversion lines without a link",
                        lead("'creates':[{'as':'acc','entity':'account'}],"
                                + "'lines':[{'from':'account','into':'account','parent':'acc'}]"),
                        "/conversions/0/lines/0/from",
                        "no lookup or master-detail field to lead"),
                problem(
                        "conversion when",
                        lead("'when':'zz = 1','creates':[{'as':'acc','entity':'account'}]"),
                        "/conversions/0/when",
                        "zz"),
                problem(
                        "duplicate rule on a number",
                        "{'name':'deal','fields':[{'name':'n','type':'integer'}],"
                                + "'duplicates':[{'name':'d','match':[{'field':'n','method':'exact'}]}]}",
                        "/duplicates/0/match/0/field",
                        "duplicate rules compare text"),
                problem(
                        "duplicate rule threshold",
                        "{'name':'deal','fields':[{'name':'t','type':'text'}],"
                                + "'duplicates':[{'name':'d','match':[{'field':'t','method':'email',"
                                + "'threshold':0.5}]}]}",
                        "/duplicates/0/match/0/threshold",
                        "fuzzy method only"));
    }

    /** A lead with a company field and one conversion with the given members. */
    private static String lead(String conversion) {
        return "{'name':'lead','fields':[{'name':'company','type':'text'}],'conversions':[{'name':'c'," + conversion
                + "}]}";
    }

    /** A deal with a text field, a formula and one workflow with the given members. */
    private static String flow(String workflow) {
        return "{'name':'deal','fields':[{'name':'a','type':'text'},{'name':'f','type':'formula','returns':'text',"
                + "'expression':'a'}],'workflows':[{'name':'w','on':['update']," + workflow + "}]}";
    }

    /** A case: what it is, the entity (single quotes for double), the pointer expected and words of the message. */
    private static Arguments problem(String what, String json, String pointer, String message) {
        return Arguments.of(what, json.replace('\'', '"'), pointer, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void reportsProblemWithPointer(String what, String json, String pointer, String message) {
        List<Problem> problems = validate(json, OK_ACCOUNT);
        assertTrue(
                problems.stream()
                        .anyMatch(p -> p.pointer().equals(pointer)
                                && (message == null || p.message().contains(message))),
                what + ": expected a problem at '" + pointer + "' mentioning '" + message + "', got " + problems);
    }

    static Stream<Arguments> problemsAcrossEntities() {
        return Stream.of(
                Arguments.of(
                        "master-detail cycle",
                        "{'name':'a','fields':[{'name':'b','type':'master_detail','target':'b'}]}".replace('\'', '"'),
                        "{'name':'b','fields':[{'name':'a','type':'master_detail','target':'a'}]}".replace('\'', '"'),
                        "form a cycle"),
                Arguments.of(
                        "duplicate entity",
                        "{'name':'a','fields':[]}".replace('\'', '"'),
                        "{'name':'a','fields':[]}".replace('\'', '"'),
                        "defined twice"),
                Arguments.of(
                        "duplicate field id",
                        "{'name':'a','fields':[{'id':'f1','name':'x','type':'text'}]}".replace('\'', '"'),
                        "{'name':'b','fields':[{'id':'f1','name':'y','type':'text'}]}".replace('\'', '"'),
                        "field ids must be unique"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problemsAcrossEntities")
    void reportsProblemsAcrossEntities(String what, String first, String second, String message) {
        List<Problem> problems = validate(first, second);
        assertTrue(
                problems.stream()
                        .anyMatch(p ->
                                p.message().contains(message) && p.pointer().startsWith("/")),
                what + ": expected '" + message + "', got " + problems);
    }

    @org.junit.jupiter.api.Test
    void acceptsAValidEntityWithEveryFieldType() {
        String all = "{\"name\":\"everything\",\"titleField\":\"t\",\"fields\":["
                + "{\"name\":\"t\",\"type\":\"text\",\"maxLength\":50,\"unique\":true,\"searchable\":true},"
                + "{\"name\":\"lt\",\"type\":\"long_text\"},{\"name\":\"rt\",\"type\":\"rich_text\"},"
                + "{\"name\":\"em\",\"type\":\"email\"},{\"name\":\"ph\",\"type\":\"phone\"},{\"name\":\"u\","
                + "\"type\":\"url\"},{\"name\":\"i\",\"type\":\"integer\",\"min\":0},"
                + "{\"name\":\"d\",\"type\":\"decimal\",\"precision\":10,\"scale\":3},{\"name\":\"c\","
                + "\"type\":\"currency\",\"currency\":\"EUR\"},{\"name\":\"p\",\"type\":\"percent\"},"
                + "{\"name\":\"b\",\"type\":\"boolean\",\"default\":true},{\"name\":\"dt\",\"type\":\"date\"},"
                + "{\"name\":\"ts\",\"type\":\"datetime\"},{\"name\":\"tm\",\"type\":\"time\"},"
                + "{\"name\":\"pl\",\"type\":\"picklist\",\"default\":\"a\",\"values\":[{\"value\":\"a\","
                + "\"label\":{\"en\":\"A\",\"zh-CN\":\"甲\"}},{\"value\":\"b\",\"active\":false}]},"
                + "{\"name\":\"mp\",\"type\":\"multi_picklist\",\"values\":[{\"value\":\"x\"},"
                + "{\"value\":\"y\"}]},{\"name\":\"lk\",\"type\":\"lookup\",\"target\":\"account\"},"
                + "{\"name\":\"md\",\"type\":\"master_detail\",\"target\":\"account\"},{\"name\":\"mm\","
                + "\"type\":\"many_to_many\",\"target\":\"account\"},"
                + "{\"name\":\"po\",\"type\":\"polymorphic_lookup\",\"targets\":[\"account\",\"everything\"]},"
                + "{\"name\":\"an\",\"type\":\"autonumber\",\"prefix\":\"E-\",\"digits\":4},"
                + "{\"name\":\"js\",\"type\":\"json\"}]}";
        assertTrue(
                validate(all, OK_ACCOUNT).isEmpty(), "every built-in type must validate: " + validate(all, OK_ACCOUNT));
    }

    @org.junit.jupiter.api.Test
    void acceptsAndKeepsTheUiSettings() {
        String deal = "{\"name\":\"deal\",\"fields\":[{\"name\":\"a\",\"type\":\"text\"},{\"name\":\"s\","
                + "\"type\":\"picklist\",\"values\":[{\"value\":\"x\"}]},"
                + "{\"name\":\"d\",\"type\":\"date\"}],"
                + "\"ui\":{\"layout\":{\"sections\":[{\"label\":{\"en\":\"Main\"},"
                + "\"columns\":1,\"fields\":[\"s\",\"a\"]}]},"
                + "\"list\":{\"columns\":[\"a\",\"updated_at\"],\"sort\":\"-a\"},"
                + "\"kanban\":{\"field\":\"s\"},\"calendar\":{\"field\":\"d\"},"
                + "\"views\":[{\"name\":\"Mine\",\"filter\":\"a = 'x'\"}]}}";
        assertTrue(validate(deal).isEmpty(), validate(deal).toString());
        var e = new MetadataValidator(FieldTypeRegistry.builtIn())
                .validate(List.of(new MetadataDocument("doc", MetadataReader.parse(deal))))
                .entities()
                .get(0);
        var written = dev.atrium.metadata.io.MetadataWriter.entity(e, null);
        org.junit.jupiter.api.Assertions.assertEquals(
                e.ui(), written.get("ui"), "the writer keeps the ui settings as read");
    }

    private static List<Problem> validate(String... jsons) {
        List<MetadataDocument> docs = new ArrayList<>();
        for (String j : jsons) docs.add(new MetadataDocument("doc", MetadataReader.parse(j)));
        return new MetadataValidator(FieldTypeRegistry.builtIn()).validate(docs).problems();
    }
}
