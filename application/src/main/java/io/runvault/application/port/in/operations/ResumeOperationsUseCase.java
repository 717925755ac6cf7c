package io.runvault.application.port.in.operations;

/** Use case: at start-up, schedule every operation a stop left RUNNING; returns how many. */
public interface ResumeOperationsUseCase {
    int resumeAll();
}
