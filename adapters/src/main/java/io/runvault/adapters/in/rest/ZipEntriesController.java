package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.runvault.application.port.in.artifacts.ReadZipEntriesUseCase;
import io.runvault.domain.ArchiveEntry;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Principal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HexFormat;

/** REST: the entries of a stored zip artifact, and one entry's content, without downloading the zip. */
@Controller("/api/v1")
@Tag(name = "artifacts")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
public class ZipEntriesController {
    private final ReadZipEntriesUseCase zipEntries;

    public ZipEntriesController(ReadZipEntriesUseCase zipEntries) {
        this.zipEntries = zipEntries;
    }

    @Get("/artifacts/{artifactId}/entries")
    @Operation(operationId = "listZipEntries", summary = "List the files in a stored zip without downloading it",
            description = "Whoever may download the artifact. Read from the zip's central directory with ranged "
                    + "reads, never the whole object; zip64 included. Paginated: `limit` and `cursor`.")
    @ApiResponse(responseCode = "404", description = "`artifact-not-found`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`artifact-not-stored`; `job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "`not-a-zip`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public PageView<ZipEntryView> entries(Principal caller, @PathVariable long artifactId,
            @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        return PageView.of(zipEntries.entries(caller, new ArtifactId(artifactId), Cursor.page(cursor, limit)),
                ZipEntryView::of);
    }

    /**
     * The declared size goes out as Content-Length and the last bytes only once the CRC-32 matched, so a client that
     * reads the whole body got the entry intact; a mismatch cuts the response short.
     */
    @Get("/artifacts/{artifactId}/entries/{path:.+}")
    @Operation(operationId = "readZipEntry", summary = "Stream one file out of a stored zip, inflated",
            description = "Whoever may download the artifact. The entry's size is its Content-Length; a CRC-32 "
                    + "mismatch cuts the body short.")
    @ApiResponse(responseCode = "200", description = "the entry's bytes",
            content = @Content(mediaType = "application/octet-stream",
                    schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "`artifact-not-found`; `zip-entry-not-found`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`artifact-not-stored`; `job-being-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "410", description = "`job-purged`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "`zip-entry-too-large`: above the server's entry size cap",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "`not-a-zip`; `zip-entry-unreadable`: encrypted, an unsupported "
            + "method, or a compression ratio above the limit",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<?> entry(Principal caller, @PathVariable long artifactId,
            @PathVariable String path) {
        var opened = zipEntries.open(caller, new ArtifactId(artifactId), path);
        var file = new StreamedFile(opened.content(), MediaType.APPLICATION_OCTET_STREAM_TYPE,
                System.currentTimeMillis(), opened.entry().size());
        return HttpResponse.ok(file).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** One entry of a zip as its central directory declares it. */
    @Serdeable
    public record ZipEntryView(String name, long compressedSize, long size, String crc32, String method,
            boolean encrypted) {
        static ZipEntryView of(ArchiveEntry entry) {
            return new ZipEntryView(entry.name(), entry.compressedSize(), entry.size(),
                    HexFormat.of().toHexDigits((int) entry.crc32()), entry.methodName(), entry.encrypted());
        }
    }
}
