package io.runvault.domain;

import java.util.Objects;

/**
 * Value object: who is acting. A worker may be scoped to one job (and within it to one run); clients and admins
 * never are. Also a {@link java.security.Principal}, the JDK's type for who is acting.
 */
public record Principal(Owner name, Role role, JobId jobScope, RunId runScope) implements java.security.Principal {
    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (role != Role.WORKER && (jobScope != null || runScope != null)) {
            throw new InvalidValue("scope", "only worker tokens are scoped to a job or run");
        }
        if (runScope != null && jobScope == null) {
            throw new InvalidValue("scope", "a run scope needs the job it belongs to");
        }
    }

    @Override
    public String getName() {
        return name.value();
    }

    public static Principal client(String name) {
        return new Principal(new Owner(name), Role.CLIENT, null, null);
    }

    public static Principal admin(String name) {
        return new Principal(new Owner(name), Role.ADMIN, null, null);
    }

    public static Principal worker(String name, JobId job, RunId run) {
        return new Principal(new Owner(name), Role.WORKER, job, run);
    }

    public boolean is(Role other) {
        return role == other;
    }
}
