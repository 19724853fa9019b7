package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Each person sets their own language and time zone; a wrong zone is refused at its member; nobody sets another's. */
class ProfileIT {
    @Test
    void aPersonSetsTheirOwnTimeZoneAndLanguage() {
        Api admin = TestPlatform.tenantWithAdmin("prof");
        Api ann = SecurityITUsers.user(admin, "ann", null);
        String annId =
                ann.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
        assertNull(ann.get("/api/v1/auth/session").json().getJsonObject("user").getString("timeZone"));

        Res ok = ann.patch(
                "/api/v1/users/" + annId,
                new JsonObject().put("timeZone", "Asia/Shanghai").put("locale", "zh-CN"),
                null);
        assertEquals(204, ok.status(), ok.body());
        JsonObject user = ann.get("/api/v1/auth/session").json().getJsonObject("user");
        assertEquals("Asia/Shanghai", user.getString("timeZone"));

        Res bad = ann.patch("/api/v1/users/" + annId, new JsonObject().put("timeZone", "Mars/Olympus"), null);
        assertEquals(422, bad.status(), bad.body());
        assertEquals(
                "/timeZone", bad.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        assertEquals(
                "Asia/Shanghai",
                ann.get("/api/v1/auth/session").json().getJsonObject("user").getString("timeZone"),
                "a refused change changes nothing");

        String adminId =
                admin.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
        assertEquals(
                403,
                ann.patch("/api/v1/users/" + adminId, new JsonObject().put("timeZone", "UTC"), null)
                        .status());
        Res back = ann.patch("/api/v1/users/" + annId, new JsonObject().putNull("timeZone"), null);
        assertEquals(204, back.status(), back.body());
        assertNull(
                ann.get("/api/v1/auth/session").json().getJsonObject("user").getString("timeZone"),
                "the browser's again");
    }
}
