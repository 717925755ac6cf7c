package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.bootstrap.client.ApiClient;
import io.runvault.bootstrap.client.ApiException;
import io.runvault.bootstrap.client.api.JobsApi;
import io.runvault.bootstrap.client.model.RequestsCreateJob;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Java client generated at build time from the document the server serves (openapi-generator, native HTTP client)
 * works against the server: what the document says about paths, bodies, statuses and the bearer scheme is true.
 */
@MicronautTest(transactional = false)
class OpenApiClientTest extends ServerTest {

    @Test
    void theGeneratedClientCreatesAJobWithABearerToken() throws Exception {
        String token = issueToken("CLIENT", "carol", null, null);

        var created = new JobsApi(client(token)).createJobWithHttpInfo(new RequestsCreateJob().tags(List.of("nightly")),
                null);

        assertEquals(201, created.getStatusCode());
        assertEquals("carol", created.getData().getOwner());
        assertEquals(List.of("nightly"), created.getData().getTags());
        assertEquals("CREATED", created.getData().getStatus());
    }

    @Test
    void withoutATokenTheGeneratedClientGetsTheDocumentedProblem() {
        var refused = assertThrows(ApiException.class,
                () -> new JobsApi(client(null)).createJob(new RequestsCreateJob().tags(List.of()), null));

        assertEquals(401, refused.getCode());
        assertTrue(refused.getResponseBody().contains("\"type\":\"urn:runvault:problem:unauthenticated\""),
                refused.getResponseBody());
    }

    private ApiClient client(String token) {
        var client = new ApiClient();
        client.updateBaseUri(server.getURI().toString());
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }
}
