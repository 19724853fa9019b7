package dev.atrium.metadata.model;

import java.util.List;
import java.util.Map;

/**
 * A multi-step approval process. While a request is pending the record is locked (only administrators
 * and the platform can change it). Each step is decided by its approvers: anyone ({@code any}) or all
 * of them ({@code all}); the last approved step approves the request, any rejection rejects it.
 *
 * @param onApprove values set on the record when approved (e.g. {@code {"status": "approved"}})
 * @param onReject values set when rejected
 */
public record ApprovalDef(String name, List<Step> steps, Map<String, Object> onApprove, Map<String, Object> onReject) {
    public ApprovalDef {
        steps = steps == null ? List.of() : List.copyOf(steps);
        onApprove = onApprove == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(onApprove));
        onReject = onReject == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(onReject));
    }

    /**
     * One step; approvers are the users with {@code role} (by name), the listed {@code users} (emails),
     * and/or the submitter's {@code manager} (users in the role above the submitter's).
     *
     * @param queue a group (by name) whose members share the step: any one of them decides it (a queue)
     * @param remindAfterHours when the step has waited this long, its approvers get a reminder (null: never)
     * @param escalateAfterHours when it has waited this long, the users of {@code escalateTo} (a role) may
     *                           decide it too and are notified (null: never)
     */
    public record Step(
            String name,
            String role,
            List<String> users,
            boolean manager,
            String mode,
            Integer remindAfterHours,
            Integer escalateAfterHours,
            String escalateTo,
            String queue) {
        public Step {
            users = users == null ? List.of() : List.copyOf(users);
            mode = mode == null ? "any" : mode;
        }

        public Step(String name, String role, List<String> users, boolean manager, String mode) {
            this(name, role, users, manager, mode, null, null, null, null);
        }
    }
}
