package dev.atrium.plugins.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.plugin.testkit.ExtensionContracts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RfmTest {
    @Test
    void quintilesSplitAccountsIntoFiveEqualGroups() {
        List<Rfm.Metrics> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) all.add(new Rfm.Metrics("a" + i, i, 100 - i, BigDecimal.valueOf(i * 10L)));
        Map<String, Rfm.Score> s = Rfm.score(all).stream()
                .collect(Collectors.toMap(x -> x.metrics().account(), x -> x));
        assertEquals(5, s.get("a0").r(), "ordered today: most recent");
        assertEquals(1, s.get("a99").r());
        assertEquals(5, s.get("a0").f(), "100 orders: most frequent");
        assertEquals(1, s.get("a0").m(), "lowest value");
        for (int q = 1; q <= 5; q++) {
            int quintile = q;
            assertEquals(
                    20,
                    s.values().stream().filter(x -> x.r() == quintile).count(),
                    "20 accounts in recency quintile " + q);
        }
        assertEquals("champions", s.get("a0").segment());
        assertEquals("lost", s.get("a99").segment());
    }

    @Test
    void tiesShareAQuintile() {
        List<Rfm.Metrics> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) all.add(new Rfm.Metrics("a" + i, 5, 1, BigDecimal.ONE));
        for (Rfm.Score s : Rfm.score(all)) {
            assertEquals(1, s.r());
            assertEquals(1, s.f());
            assertEquals(1, s.m());
        }
    }

    @Test
    void scoresStayInRangeOnRandomData() {
        Random rnd = new Random(7);
        List<Rfm.Metrics> all = new ArrayList<>();
        for (int i = 0; i < 537; i++)
            all.add(new Rfm.Metrics(
                    "a" + i, rnd.nextInt(400), 1 + rnd.nextInt(30), BigDecimal.valueOf(rnd.nextInt(100_000))));
        for (Rfm.Score s : Rfm.score(all)) {
            assertTrue(s.r() >= 1 && s.r() <= 5 && s.f() >= 1 && s.f() <= 5 && s.m() >= 1 && s.m() <= 5, s.toString());
        }
    }

    @Test
    void segmentsFollowRecencyAndFrequency() {
        assertEquals("champions", Rfm.segment(5, 5, 1));
        assertEquals("loyal", Rfm.segment(3, 5, 3));
        assertEquals("potential_loyalist", Rfm.segment(5, 2, 2));
        assertEquals("new", Rfm.segment(5, 1, 1));
        assertEquals("at_risk", Rfm.segment(2, 5, 5));
        assertEquals("hibernating", Rfm.segment(2, 2, 2));
        assertEquals("lost", Rfm.segment(1, 1, 1));
        assertEquals("need_attention", Rfm.segment(3, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> Rfm.segment(0, 3, 3));
    }

    @Test
    void extensionsKeepTheirContracts() {
        assertEquals(
                "at_risk", ExtensionContracts.checkFunction(new RfmExtensions.SegmentFunction(), List.of(1, 4, 4)));
        ExtensionContracts.checkScheduledJob(new RfmExtensions.Nightly());
        ExtensionContracts.checkTemplate(new RfmExtensions.Fields());
        ExtensionContracts.checkCommon(new RfmExtensions.Recalculate());
        ExtensionContracts.checkCommon(new RfmExtensions.ScoreAction());
        ExtensionContracts.checkCommon(new RfmExtensions.OrderMetrics());
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("a", 1);
        doc.put("b", Map.of("c", "x\"y"));
        assertEquals("{\"a\":1,\"b\":{\"c\":\"x\\\"y\"}}", dev.atrium.plugin.api.JsonText.write(doc));
    }
}
