package com.example.atrium.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.plugin.testkit.ExtensionContracts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fast checks without a platform: contracts and the plugin's own logic. */
class HelloWorldTest {
    @Test
    void greets() {
        assertEquals("Hola, Ana!", HelloWorld.greet("Hola", " Ana "));
        assertEquals("Hello, world!", HelloWorld.greet(null, ""));
    }

    @Test
    void extensionsKeepTheContracts() {
        ExtensionContracts.checkCommon(new HelloWorld.FollowUp());
        assertEquals("Hello, Li!", ExtensionContracts.checkFunction(new HelloWorld.Greeting(), List.of("Li")));
    }
}
