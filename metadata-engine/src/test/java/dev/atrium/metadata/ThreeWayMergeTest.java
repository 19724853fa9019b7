package dev.atrium.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.merge.ThreeWayMerge;
import dev.atrium.metadata.merge.ThreeWayMerge.Side;
import dev.atrium.metadata.merge.TreeChanges;
import dev.atrium.metadata.merge.Trees;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A package upgrade merged with the organisation's changes, property by property. */
class ThreeWayMergeTest {
    private static final String BASE =
            "{\"id\":\"ent_deal\",\"name\":\"deal\",\"label\":{\"en\":\"Deal\",\"es\":\"Trato\"},"
                    + "\"fields\":[{\"id\":\"f_name\",\"name\":\"name\",\"type\":\"text\",\"maxLength\":100},"
                    + "{\"id\":\"f_stage\",\"name\":\"stage\",\"type\":\"picklist\","
                    + "\"values\":[{\"id\":\"v_a\",\"value\":\"open\"},{\"id\":\"v_b\",\"value\":\"won\"}]},"
                    + "{\"id\":\"f_old\",\"name\":\"old\",\"type\":\"text\"}],"
                    + "\"ui\":{\"layout\":{\"sections\":[{\"id\":\"main\",\"fields\":[\"name\",\"stage\"]}]}}}";

    private static Object tree(String json) {
        return MetadataReader.plain(MetadataReader.parse(json));
    }

    /** The base with replacements applied to its JSON text. */
    private static Object edit(String... replacements) {
        String json = BASE;
        for (int i = 0; i < replacements.length; i += 2) {
            assertTrue(json.contains(replacements[i]), "the fixture contains " + replacements[i]);
            json = json.replace(replacements[i], replacements[i + 1]);
        }
        return tree(json);
    }

    private static ThreeWayMerge.Result merge(Object ours, Object theirs, Map<String, Side> decisions) {
        return ThreeWayMerge.merge("/entities/ent_deal", tree(BASE), ours, theirs, decisions);
    }

    @Test
    void changesOnDifferentPropertiesAreBothKept() {
        Object ours = edit(
                "\"es\":\"Trato\"",
                "\"es\":\"Negocio\"",
                "{\"id\":\"v_b\",\"value\":\"won\"}",
                "{\"id\":\"v_b\",\"value\":\"won\"},{\"id\":\"v_c\",\"value\":\"paused\"}");
        Object theirs = edit(
                "\"maxLength\":100",
                "\"maxLength\":200",
                "{\"id\":\"f_old\"",
                "{\"id\":\"f_amount\",\"name\":\"amount\",\"type\":\"decimal\"},{\"id\":\"f_old\"",
                "{\"id\":\"v_a\",\"value\":\"open\"},",
                "{\"id\":\"v_a\",\"value\":\"open\"},{\"id\":\"v_n\",\"value\":\"new\"},");
        ThreeWayMerge.Result r = merge(ours, theirs, Map.of());
        assertEquals(List.of(), r.conflicts(), "nothing was changed twice");
        Object expected = edit(
                "\"es\":\"Trato\"",
                "\"es\":\"Negocio\"",
                "\"maxLength\":100",
                "\"maxLength\":200",
                "{\"id\":\"f_old\"",
                "{\"id\":\"f_amount\",\"name\":\"amount\",\"type\":\"decimal\"},{\"id\":\"f_old\"",
                "{\"id\":\"v_a\",\"value\":\"open\"},{\"id\":\"v_b\",\"value\":\"won\"}",
                "{\"id\":\"v_a\",\"value\":\"open\"},{\"id\":\"v_n\",\"value\":\"new\"},{\"id\":\"v_b\","
                        + "\"value\":\"won\"},"
                        + "{\"id\":\"v_c\",\"value\":\"paused\"}");
        assertTrue(Trees.same(expected, r.merged()), "both sides' changes, in order: " + r.merged());
    }

    @Test
    void theSamePropertyChangedDifferentlyIsAConflictTheCustomerWinsUnlessDecided() {
        Object ours = edit("\"es\":\"Trato\"", "\"es\":\"Negocio\"");
        Object theirs = edit("\"es\":\"Trato\"", "\"es\":\"Oportunidad\"");
        ThreeWayMerge.Result kept = merge(ours, theirs, Map.of());
        assertEquals(1, kept.conflicts().size(), kept.conflicts().toString());
        ThreeWayMerge.Conflict c = kept.conflicts().get(0);
        assertEquals("/entities/ent_deal/label/es", c.path());
        assertEquals("Negocio", c.tenant());
        assertEquals("Oportunidad", c.pkg());
        assertEquals(false, c.decided(), "an undecided conflict is reported as such");
        assertTrue(Trees.same(ours, kept.merged()), "the customer's value stays until someone decides");

        ThreeWayMerge.Result decided = merge(ours, theirs, Map.of("/entities/ent_deal/label/es", Side.PACKAGE));
        assertTrue(decided.conflicts().get(0).decided());
        assertTrue(Trees.same(theirs, decided.merged()), "the decision takes the package's label");
    }

    @Test
    void aFieldThePackageDropsIsARemovalThatADecisionCanKeep() {
        Object theirs = edit(",{\"id\":\"f_old\",\"name\":\"old\",\"type\":\"text\"}", "");
        ThreeWayMerge.Result applied = merge(tree(BASE), theirs, Map.of());
        assertEquals(1, applied.removals().size(), applied.removals().toString());
        assertEquals(
                "/entities/ent_deal/fields[f_old]", applied.removals().get(0).path());
        assertTrue(Trees.same(theirs, applied.merged()));

        ThreeWayMerge.Result kept = merge(tree(BASE), theirs, Map.of("/entities/ent_deal/fields[f_old]", Side.TENANT));
        assertTrue(Trees.same(tree(BASE), kept.merged()), "kept by decision: " + kept.merged());
    }

    @Test
    void aFieldTheCustomerChangedAndThePackageDropsIsAConflict() {
        Object ours = edit(
                "{\"id\":\"f_old\",\"name\":\"old\",\"type\":\"text\"}",
                "{\"id\":\"f_old\",\"name\":\"old\",\"type\":\"text\",\"required\":true}");
        Object theirs = edit(",{\"id\":\"f_old\",\"name\":\"old\",\"type\":\"text\"}", "");
        ThreeWayMerge.Result r = merge(ours, theirs, Map.of());
        assertEquals(1, r.conflicts().size(), r.conflicts().toString());
        assertEquals("/entities/ent_deal/fields[f_old]", r.conflicts().get(0).path());
        assertEquals(Trees.ABSENT, r.conflicts().get(0).pkg());
        assertTrue(Trees.same(ours, r.merged()), "kept as the customer has it");
    }

    @Test
    void whatTheCustomerRemovedStaysRemoved() {
        Object ours = edit(",{\"id\":\"f_old\",\"name\":\"old\",\"type\":\"text\"}", "");
        Object theirs = edit("\"maxLength\":100", "\"maxLength\":120");
        ThreeWayMerge.Result r = merge(ours, theirs, Map.of());
        assertEquals(List.of(), r.conflicts());
        assertTrue(
                Trees.same(
                        edit(
                                ",{\"id\":\"f_old\",\"name\":\"old\",\"type\":\"text\"}",
                                "",
                                "\"maxLength\":100",
                                "\"maxLength\":120"),
                        r.merged()),
                r.merged().toString());
    }

    @Test
    void layoutFieldListsMergeAsOrderedSets() {
        Object ours = edit("\"fields\":[\"name\",\"stage\"]", "\"fields\":[\"name\",\"stage\",\"old\"]");
        Object theirs = edit("\"fields\":[\"name\",\"stage\"]", "\"fields\":[\"name\",\"amount\",\"stage\"]");
        ThreeWayMerge.Result r = merge(ours, theirs, Map.of());
        assertEquals(List.of(), r.conflicts());
        assertTrue(
                Trees.same(
                        edit("\"fields\":[\"name\",\"stage\"]", "\"fields\":[\"name\",\"amount\",\"stage\",\"old\"]"),
                        r.merged()),
                r.merged().toString());
    }

    @Test
    void numbersCompareByValue() {
        Object theirs = edit("\"maxLength\":100", "\"maxLength\":100.0");
        assertTrue(Trees.same(tree(BASE), theirs));
        assertEquals(List.of(), TreeChanges.between("", tree(BASE), theirs), "100 and 100.0 are no change");
    }

    @Test
    void changesListEveryPropertyWithItsPath() {
        Object after = edit("\"es\":\"Trato\"", "\"es\":\"Negocio\"", ",{\"id\":\"v_b\",\"value\":\"won\"}", "");
        List<TreeChanges.Difference> d = TreeChanges.between("/entities/ent_deal", tree(BASE), after);
        assertEquals(2, d.size(), d.toString());
        assertEquals("/entities/ent_deal/label/es", d.get(0).path());
        assertEquals("changed", d.get(0).kind());
        assertEquals("/entities/ent_deal/fields[f_stage]/values[v_b]", d.get(1).path());
        assertEquals("removed", d.get(1).kind());
    }

    @Test
    void aPackageDroppingItsWholeLayoutKeepsTheSectionsTheCustomerAdded() {
        Object ours = edit(
                "{\"id\":\"main\",\"fields\":[\"name\",\"stage\"]}",
                "{\"id\":\"main\",\"fields\":[\"name\",\"stage\"]},{\"id\":\"mine\",\"fields\":[\"old\"]}");
        Object theirs =
                edit(",\"ui\":{\"layout\":{\"sections\":[{\"id\":\"main\",\"fields\":[\"name\",\"stage\"]}]}}", "");
        ThreeWayMerge.Result r = merge(ours, theirs, Map.of());
        assertEquals(List.of(), r.conflicts(), "removing a container is removing what the package put in it");
        assertTrue(
                Trees.same(
                        edit(
                                "{\"id\":\"main\",\"fields\":[\"name\",\"stage\"]}",
                                "{\"id\":\"mine\",\"fields\":[\"old\"]}"),
                        r.merged()),
                r.merged().toString());
        assertEquals(
                "/entities/ent_deal/ui/layout/sections[main]",
                r.removals().get(0).path());
    }
}
