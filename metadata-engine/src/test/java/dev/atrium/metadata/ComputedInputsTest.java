package dev.atrium.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.query.ComputedInputs;
import dev.atrium.metadata.query.ComputedInputs.Input;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The same formula in two organisations whose lookup points at different entities reads different
 * fields: what one organisation's formula reads never answers for the other's (the cache is shared).
 */
class ComputedInputsTest {
    private static EntityDef entity(String json) {
        return MetadataReader.entity(MetadataReader.parse(json));
    }

    private static EntityDef deal(String target) {
        return entity("""
                {"name": "deal", "fields": [
                  {"name": "party", "type": "lookup", "target": "%s"},
                  {"name": "party_name", "type": "formula", "returns": "text",
                   "expression": "party.name"}]}""".formatted(target));
    }

    @Test
    void aSharedFormulaIsResolvedAgainstEachOrganisationsOwnEntities() {
        EntityDef named = entity("{\"name\": \"account\", \"fields\": [{\"name\": \"name\", \"type\": \"text\"}]}");
        EntityDef company = entity("{\"name\": \"company\", \"fields\": [{\"name\": \"name\", \"type\": \"text\"}]}");
        EntityDef first = deal("account");
        EntityDef second = deal("company");
        assertEquals(
                first.field("party_name").orElseThrow(),
                second.field("party_name").orElseThrow(),
                "equal");
        Map<String, EntityDef> one = Map.of("deal", first, "account", named);
        Map<String, EntityDef> other = Map.of("deal", second, "company", company);
        assertEquals(
                Set.of(new Input("deal", "party"), new Input("account", "name")),
                ComputedInputs.of(first, first.field("party_name").orElseThrow(), one::get));
        assertEquals(
                Set.of(new Input("deal", "party"), new Input("company", "name")),
                ComputedInputs.of(second, second.field("party_name").orElseThrow(), other::get));
        assertEquals(
                Set.of(new Input("deal", "party"), new Input("account", "name")),
                ComputedInputs.of(first, first.field("party_name").orElseThrow(), one::get),
                "and the first organisation's answer is still its own");
    }
}
