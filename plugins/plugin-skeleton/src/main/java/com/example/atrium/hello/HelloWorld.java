package com.example.atrium.hello;

import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.ConfigProperty;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.ScriptFunction;
import dev.atrium.plugin.api.WorkflowAction;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Two extensions to copy from. Each is a public class with {@code @Extension}; PF4J finds it through
 * META-INF/extensions.idx, which the annotation processor writes at compile time.
 */
public final class HelloWorld {
    private HelloWorld() {}

    /** The greeting text, shared by both extensions. */
    static String greet(String greeting, String name) {
        return (greeting == null || greeting.isBlank() ? "Hello" : greeting.trim()) + ", "
                + (name == null || name.isBlank() ? "world" : name.trim()) + "!";
    }

    /**
     * Workflow action {@code hello-world/follow-up}: creates a task "Hello, <name>!" for the record. In a
     * workflow: {@code {"type": "plugin", "plugin": "hello-world/follow-up", "values": {"name": "{{name}}"}}}.
     */
    @Extension
    public static final class FollowUp implements WorkflowAction {
        @Override
        public String id() {
            return "follow-up";
        }

        @Override
        public String label() {
            return "Create a greeting task";
        }

        @Override
        public List<ConfigProperty> settings() {
            return List.of(ConfigProperty.text("greeting", "Greeting", "The word before the name", false)
                    .withDefault("Hello"));
        }

        @Override
        public List<AccessNeed> access() {
            return List.of(AccessNeed.of("task", "create"));
        }

        @Override
        public Map<String, Object> execute(Call call, PluginContext context) {
            String subject = greet(
                    context.settings().get("greeting"), (String) call.params().get("name"));
            Map<String, Object> task = context.records().create("task", Map.of("subject", subject));
            return Map.of("task", task.get("id"));
        }
    }

    /** {@code plugins.greeting(name)} in JavaScript rules. */
    @Extension
    public static final class Greeting implements ScriptFunction {
        @Override
        public String id() {
            return "greeting";
        }

        @Override
        public Object call(List<Object> arguments) {
            return greet(
                    "Hello", arguments.isEmpty() || arguments.get(0) == null ? null : String.valueOf(arguments.get(0)));
        }
    }
}
