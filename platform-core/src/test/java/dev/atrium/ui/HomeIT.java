package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Home for a salesperson: my open deals by stage with count and amount (closed stages left out), my tasks
 * with the overdue ones counted instead of listed in full, the records I opened last, at desktop and phone
 * widths.
 */
class HomeIT {
    @Test
    void homeShowsMyPipelineTodaysTasksAndRecentRecords() {
        Api api = TestPlatform.tenantWithAdmin("home");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
        String account = AnalyticsJourneyIT.created(api, "account", new JsonObject().put("name", "Homebase Ltd"));
        AnalyticsJourneyIT.deal(api, account, "Small", "prospect", 1000);
        AnalyticsJourneyIT.deal(api, account, "Medium", "prospect", 2000);
        AnalyticsJourneyIT.deal(api, account, "Big", "proposal", 40000);
        AnalyticsJourneyIT.deal(api, account, "Done deal", "won", 90000);
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        for (int i = 1; i <= 5; i++) task(api, "Overdue " + i, today.minusDays(i));
        task(api, "Call back today", today);
        task(api, "Someday", null);
        AnalyticsJourneyIT.created(
                api, "task", new JsonObject().put("subject", "Finished").put("status", "done"));

        for (int[] size : new int[][] {{1440, 900}, {390, 844}}) {
            try (Browser b = new Browser(TestPlatform.get().port(), size[0], size[1])) {
                b.login(api.slug, api.email, TestPlatform.PASSWORD);
                b.go("#/r/account/" + account);
                b.waitText("#main", "Homebase Ltd");
                b.go("#/");
                String prospect = b.waitText("#my-pipeline li[data-stage='prospect']", "2 deals")
                        .getText();
                assertTrue(prospect.contains("$3,000.00"), prospect);
                assertTrue(b.find("#my-pipeline li[data-stage='proposal']")
                        .getText()
                        .contains("$40,000.00"));
                assertEquals(0, b.all("#my-pipeline li[data-stage='won']").size(), "closed deals are not open");
                assertTrue(b.find("#my-pipeline").getText().contains("$43,000.00"), "the total");

                String tasks = b.waitText("#my-tasks", "5 tasks overdue").getText();
                assertTrue(tasks.contains("Call back today") && tasks.contains("Someday"), tasks);
                assertFalse(tasks.contains("Finished"), "done tasks are not on Home: " + tasks);
                assertEquals(5, b.all("#my-tasks li").size(), "three overdue, today's and the undated one");
                b.waitText("#recent", "Homebase Ltd");
                b.screenshot(size[0] > 500 ? "44-home" : "45-home-phone");
                assertEquals(java.util.List.of(), b.consoleErrors(), "console errors on Home");
            }
        }
    }

    private static void task(Api api, String subject, LocalDate due) {
        JsonObject t = new JsonObject().put("subject", subject).put("status", "open");
        if (due != null) t.put("due_date", due.toString());
        AnalyticsJourneyIT.created(api, "task", t);
    }
}
