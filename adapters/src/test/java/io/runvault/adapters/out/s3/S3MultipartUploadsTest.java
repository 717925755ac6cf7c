package io.runvault.adapters.out.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runvault.adapters.testing.TestS3;
import io.runvault.application.contract.MultipartUploadsContract;
import io.runvault.application.port.out.ArtifactObjects;
import io.runvault.application.port.out.MultipartUploads;
import io.runvault.domain.PresignedUrl;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The multipart contract against s3proxy in this JVM, parts PUT over HTTP as clients do. */
class S3MultipartUploadsTest extends MultipartUploadsContract {
    private static final S3Clients CLIENTS = new S3Clients();
    private static S3Client s3;
    private static S3Presigner presigner;
    private static S3MultipartUploads uploads;
    private static S3ArtifactObjects objects;
    private static HttpClient http;

    @BeforeAll
    static void connect() {
        S3Settings settings = TestS3.freshSettings();
        s3 = CLIENTS.s3Client(settings);
        presigner = CLIENTS.s3Presigner(settings);
        S3Store store = new S3Store(s3, settings);
        uploads = new S3MultipartUploads(store, presigner);
        objects = new S3ArtifactObjects(store, settings);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void disconnect() {
        http.close();
        presigner.close();
        s3.close();
    }

    @Override
    protected MultipartUploads uploads() {
        return uploads;
    }

    @Override
    protected ArtifactObjects objects() {
        return objects;
    }

    @Override
    protected void putPart(PresignedUrl url, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(url.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        url.headers().forEach(request::header);
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
