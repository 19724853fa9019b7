package dev.atrium.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a jar may run: every entry must be signed (standard jar signing, {@code jarsigner}) by
 * a certificate in the trust store, and every entry must still match its signature. A jar with a changed
 * or added entry is refused, whoever signed it. In dev mode unsigned jars are accepted, loudly; a jar
 * that is signed but tampered with or signed by an unknown key is refused even then.
 */
final class PluginTrust {
    private static final Logger LOG = LoggerFactory.getLogger(PluginTrust.class);

    /** What {@link #verify} found: who signed (null when unsigned in dev mode). */
    record Verdict(String signer) {}

    private final List<X509Certificate> trusted;
    private final boolean devMode;

    PluginTrust(List<X509Certificate> trusted, boolean devMode) {
        this.trusted = List.copyOf(trusted);
        this.devMode = devMode;
    }

    static PluginTrust of(PluginConfig config) {
        List<X509Certificate> certs = new ArrayList<>();
        for (Path p : config.trust()) {
            try (InputStream in = Files.newInputStream(p)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
                    certs.add((X509Certificate) c);
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException(
                        "cannot read the plugin trust certificate " + p + ": " + e.getMessage(), e);
            }
        }
        if (config.trustDevKey()) {
            try (InputStream in = PluginTrust.class.getResourceAsStream("/atrium-dev-plugins.crt")) {
                certs.add((X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(in));
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException(
                        "cannot read the bundled development certificate: " + e.getMessage(), e);
            }
            LOG.warn("Plugins signed with the PUBLIC development key are trusted (demo mode). Never run "
                    + "production like this.");
        }
        if (config.devMode())
            LOG.warn("PLUGIN DEV MODE: unsigned plugin jars are accepted. Never run production like this.");
        return new PluginTrust(certs, config.devMode());
    }

    Verdict verify(Path jar) throws PluginRefused {
        List<X509Certificate> signers = new ArrayList<>();
        String unsigned = null;
        boolean anySigned = false;
        byte[] buffer = new byte[16384];
        try (JarFile jf = new JarFile(jar.toFile(), true)) {
            Enumeration<JarEntry> en = jf.entries();
            while (en.hasMoreElements()) {
                JarEntry e = en.nextElement();
                try (InputStream in = jf.getInputStream(e)) {
                    while (in.read(buffer) >= 0) {
                        // reading verifies the entry against its digest
                    }
                } catch (SecurityException se) {
                    throw new PluginRefused("the jar was changed after it was signed: " + se.getMessage());
                }
                if (e.isDirectory() || signatureFile(e.getName())) continue;
                CodeSigner[] cs = e.getCodeSigners();
                if (cs == null || cs.length == 0) {
                    if (unsigned == null) unsigned = e.getName();
                    continue;
                }
                anySigned = true;
                for (CodeSigner s : cs) {
                    Certificate first = s.getSignerCertPath().getCertificates().get(0);
                    if (first instanceof X509Certificate x && !signers.contains(x)) signers.add(x);
                }
            }
        } catch (SecurityException se) {
            throw new PluginRefused("the jar's signature is invalid: " + se.getMessage());
        } catch (IOException e) {
            throw new PluginRefused("the jar cannot be read: " + e.getMessage());
        }
        if (anySigned) {
            try (JarFile jf = new JarFile(jar.toFile(), false)) {
                java.util.jar.Manifest m = jf.getManifest();
                for (String name :
                        m == null ? java.util.Set.<String>of() : m.getEntries().keySet()) {
                    if (jf.getEntry(name) == null)
                        throw new PluginRefused(
                                "the jar entry \"" + name + "\" was signed but is missing (removed after signing)");
                }
            } catch (IOException e) {
                throw new PluginRefused("the jar cannot be read: " + e.getMessage());
            }
        }
        if (anySigned && unsigned != null) {
            throw new PluginRefused(
                    "the jar entry \"" + unsigned + "\" is not covered by the signature (added after signing)");
        }
        if (!anySigned) {
            if (devMode) {
                LOG.warn("PLUGIN DEV MODE: loading the UNSIGNED plugin jar {}", jar.getFileName());
                return new Verdict(null);
            }
            throw new PluginRefused(
                    "the jar is not signed; sign it with a key whose certificate is in the platform's plugin "
                            + "trust store (docs/plugins.md, Signing)");
        }
        for (X509Certificate s : signers) {
            if (trusted.contains(s))
                return new Verdict(s.getSubjectX500Principal().getName());
        }
        throw new PluginRefused("the jar is signed by \""
                + signers.get(0).getSubjectX500Principal().getName()
                + "\", which is not in the platform's plugin trust store");
    }

    private static boolean signatureFile(String name) {
        if (!name.startsWith("META-INF/")) return false;
        String rest = name.substring(9);
        if (rest.contains("/")) return false;
        return rest.equals("MANIFEST.MF")
                || rest.endsWith(".SF")
                || rest.endsWith(".RSA")
                || rest.endsWith(".DSA")
                || rest.endsWith(".EC")
                || rest.startsWith("SIG-");
    }
}
