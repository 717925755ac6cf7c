package io.runvault.adapters.in.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.runvault.adapters.in.rest.Views.TokenView;
import io.runvault.application.port.in.tokens.IssueTokenCommand;
import io.runvault.application.port.in.tokens.IssueTokenUseCase;
import io.runvault.application.port.in.tokens.ManageTokensUseCase;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobId;
import io.runvault.domain.Owner;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import io.runvault.domain.RunId;
import io.runvault.domain.TokenId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** REST (admin): issue, list and revoke API tokens. */
@Controller("/api/v1/admin/tokens")
@Tag(name = "tokens")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
public class TokensController {
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private final IssueTokenUseCase issueToken;
    private final ManageTokensUseCase manageTokens;

    public TokensController(IssueTokenUseCase issueToken, ManageTokensUseCase manageTokens) {
        this.issueToken = issueToken;
        this.manageTokens = manageTokens;
    }

    @Post
    @Operation(operationId = "issueToken", summary = "Issue an API token",
            description = "Admin tokens only. The secret is in `token`, shown this once.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Requests.IssueToken.class),
            examples = @ExampleObject(value = "{\"label\": \"laptop\", \"role\": \"CLIENT\", \"name\": \"alice\"}")))
    @ApiResponse(responseCode = "201", description = "the token, with its secret",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TokenView.class)))
    public HttpResponse<TokenView> issue(Principal caller, @Body @Valid Requests.IssueToken body) {
        var principal = new Principal(new Owner(body.name()), EnumParam.parse(Role.class, "role", body.role()),
                body.jobId() == null ? null : new JobId(body.jobId()),
                body.runId() == null ? null : new RunId(body.runId()));
        var issued = issueToken.issue(caller, new IssueTokenCommand(body.label(), principal,
                instant("expiresAt", body.expiresAt())));
        return HttpResponse.created(TokenView.of(issued.token(), issued.secret()));
    }

    @Get
    @Operation(operationId = "listTokens", summary = "List API tokens, never their secrets",
            description = "Admin tokens only. Paginated: `limit` and `cursor`.")
    public PageView<TokenView> list(Principal caller, @Nullable @QueryValue String cursor,
            @Nullable @QueryValue Integer limit) {
        return PageView.of(manageTokens.list(caller, Cursor.page(cursor, limit)),
                token -> TokenView.of(token, null));
    }

    @Delete("/{id}")
    @Operation(operationId = "revokeToken", summary = "Revoke an API token",
            description = "Admin tokens only. The last admin token that is neither revoked nor expired stays.")
    @ApiResponse(responseCode = "204", description = "revoked")
    @ApiResponse(responseCode = "404", description = "`token-not-found`",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "`last-admin-token`: issue another admin token first",
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<Void> revoke(Principal caller, @PathVariable long id) {
        manageTokens.revoke(caller, new TokenId(id));
        return HttpResponse.noContent();
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidValue(field, "must be an ISO-8601 date and time with an offset, e.g. "
                    + "2027-01-31T18:00:00Z");
        }
        // The database's timestamps end with year 294276; four-digit years are all a token's expiry needs.
        if (instant.isAfter(LATEST)) {
            throw new InvalidValue(field, "must be before the year 10000");
        }
        return instant;
    }
}
