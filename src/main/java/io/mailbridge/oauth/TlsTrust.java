package io.mailbridge.oauth;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/** TLS contexts that trust given certificates: a private authority, a TLS-inspecting proxy's CA, the sandbox. */
public final class TlsTrust {

    private TlsTrust() {
    }

    public static SSLContext trusting(Collection<? extends Certificate> certificates) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trust.setCertificateEntry("trusted-" + i++, certificate);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a TLS trust store: " + e.getMessage(), e);
        }
    }

    /** Trusts the certificates (PEM or DER) in a file. */
    public static SSLContext trusting(Path certificateFile) throws IOException {
        try (InputStream in = Files.newInputStream(certificateFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException("no certificate in " + certificateFile);
            }
            return trusting(certificates);
        } catch (CertificateException e) {
            throw new IOException(certificateFile + " holds no readable X.509 certificate (PEM or DER): " + e.getMessage(), e);
        }
    }

    public static SSLContext trusting(X509Certificate certificate) {
        return trusting(List.of(certificate));
    }
}
