package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Creates users through the admin API and logs them in. */
final class SecurityITUsers {
    private SecurityITUsers() {}

    static Api user(Api admin, String name, String permissionSet) {
        return user(admin, name, null, permissionSet);
    }

    static Api user(Api admin, String name, String role, String permissionSet) {
        String email = name + "@" + admin.slug + ".test";
        JsonObject body = new JsonObject()
                .put("role", role)
                .put("email", email)
                .put("password", TestPlatform.PASSWORD)
                .put("displayName", name)
                .put("permissionSets", permissionSet == null ? new JsonArray() : new JsonArray().add(permissionSet));
        Res r = admin.post("/api/v1/users", body);
        assertEquals(201, r.status(), r.body());
        String token = new Api(TestPlatform.get().port(), null)
                .loginSession(admin.slug, email, TestPlatform.PASSWORD)
                .getString("token");
        return new Api(TestPlatform.get().port(), token);
    }
}
