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
import jakarta.validation.Valid;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** REST (admin): issue, list and revoke API tokens. */
@Controller("/api/v1/admin/tokens")
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
    public HttpResponse<TokenView> issue(Principal caller, @Body @Valid Requests.IssueToken body) {
        var principal = new Principal(new Owner(body.name()), EnumParam.parse(Role.class, "role", body.role()),
                body.jobId() == null ? null : new JobId(body.jobId()),
                body.runId() == null ? null : new RunId(body.runId()));
        var issued = issueToken.issue(caller, new IssueTokenCommand(body.label(), principal,
                instant("expiresAt", body.expiresAt())));
        return HttpResponse.created(TokenView.of(issued.token(), issued.secret()));
    }

    @Get
    public PageView<TokenView> list(Principal caller, @Nullable @QueryValue String cursor,
            @Nullable @QueryValue Integer limit) {
        return PageView.of(manageTokens.list(caller, Cursor.page(cursor, limit)),
                token -> TokenView.of(token, null));
    }

    @Delete("/{id}")
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
            throw new InvalidValue(field, "must be an ISO-8601 date and time with an offset, e.g. 2027-01-31T18:00:00Z");
        }
        // The database's timestamps end with year 294276; four-digit years are all a token's expiry needs.
        if (instant.isAfter(LATEST)) {
            throw new InvalidValue(field, "must be before the year 10000");
        }
        return instant;
    }
}
