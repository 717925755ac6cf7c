package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The masking rules on the shapes secrets take in the logs of the libraries we use. */
class SecretMaskingFilterTest {

    @Test
    void presignedUrlKeepsEverythingButItsSignatureAndCredential() {
        assertEquals("GET http://s3/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***"
                        + "&X-Amz-SignedHeaders=host&X-Amz-Signature=*** 200",
                SecretMaskingFilter.mask("GET http://s3/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=runvault%2F20261122%2Fus-east-1%2Fs3%2Faws4_request"
                        + "&X-Amz-SignedHeaders=host&X-Amz-Signature=0a1b2c3d4e5f 200"));
    }

    @Test
    void wireLogAuthorizationHeaderIsMaskedUpToTheLineEnd() {
        assertEquals("http-outgoing-1 >> \"Authorization: ***[\\r][\\n]\"",
                SecretMaskingFilter.mask("http-outgoing-1 >> \"Authorization: AWS4-HMAC-SHA256 Credential=rv/2026, "
                        + "SignedHeaders=host, Signature=00ff[\\r][\\n]\""));
    }

    @Test
    void bearerTokensAndHeaderMapsAreMasked() {
        assertEquals("headers={authorization=[***]}", SecretMaskingFilter.mask("headers={authorization=[Bearer abc.def]}"));
        assertEquals("token Bearer ***", SecretMaskingFilter.mask("token Bearer abc.def-ghi"));
    }

    @Test
    void textWithoutSecretsIsUntouched() {
        String text = "Startup completed in 812ms. Server Running: http://localhost:8080";
        assertEquals(text, SecretMaskingFilter.mask(text));
    }
}
