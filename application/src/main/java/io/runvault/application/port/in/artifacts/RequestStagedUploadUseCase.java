package io.runvault.application.port.in.artifacts;

/**
 * Use case: as {@link RequestUploadUseCase}, for clients that PUT with no header at all: the URL names the artifact's
 * staging key, and the artifact is stored once Runvault notices the object there ({@link NoticeStagedUploadsUseCase}).
 */
public interface RequestStagedUploadUseCase {
    RequestUploadUseCase.UploadLocation request(RequestUploadCommand command);
}
