package dev.atrium.plugins.it;

import dev.atrium.plugin.testkit.PluginHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** The shipped plugins' jars (built by the reactor before this module) and ways to spoil them. */
final class Jars {
    private Jars() {}

    static Path of(String module) {
        Path dir = Path.of("..").resolve(module).resolve("target");
        return PluginHarness.jarOf(dir);
    }

    static byte[] bytes(String module) {
        try {
            return Files.readAllBytes(of(module));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module's jar with its signature taken off: no signature files, a manifest of main attributes only. */
    static byte[] unsigned(String module) {
        byte[] signed = bytes(module);
        try (java.util.zip.ZipInputStream in =
                new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(signed))) {
            Map<String, byte[]> changes = new java.util.HashMap<>();
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                String n = e.getName();
                if (n.startsWith("META-INF/")
                        && !n.substring(9).contains("/")
                        && (n.endsWith(".SF") || n.endsWith(".EC") || n.endsWith(".RSA") || n.endsWith(".DSA")))
                    changes.put(n, null);
            }
            Manifest full = new Manifest(new java.io.ByteArrayInputStream(entry(signed, "META-INF/MANIFEST.MF")));
            Manifest main = new Manifest();
            main.getMainAttributes().putAll(full.getMainAttributes());
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            main.write(m);
            changes.put("META-INF/MANIFEST.MF", m.toByteArray());
            return rewrite(signed, changes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of {@code jar} with entries changed: a null value drops the entry; names not in it are added. */
    static byte[] rewrite(byte[] jar, Map<String, byte[]> changes) {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(out)) {
                java.util.Set<String> done = new java.util.HashSet<>();
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    byte[] data = in.readAllBytes();
                    if (changes.containsKey(e.getName())) {
                        done.add(e.getName());
                        if (changes.get(e.getName()) == null) continue;
                        data = changes.get(e.getName());
                    }
                    z.putNextEntry(new ZipEntry(e.getName()));
                    z.write(data);
                    z.closeEntry();
                }
                for (var c : changes.entrySet()) {
                    if (done.contains(c.getKey()) || c.getValue() == null) continue;
                    z.putNextEntry(new ZipEntry(c.getKey()));
                    z.write(c.getValue());
                    z.closeEntry();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal unsigned plugin jar with the given manifest attributes. */
    static byte[] withManifest(Map<String, String> attributes, Map<String, byte[]> entries) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(out, m)) {
            for (var e : entries.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue());
                j.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Marks the central-directory record of {@code name} as a Unix symbolic link. */
    static byte[] asSymlink(byte[] zip, String name) {
        byte[] copy = zip.clone();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(copy).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int p = 0; p + 46 < copy.length; p++) {
            if (b.getInt(p) != 0x02014b50) continue;
            int nameLen = Short.toUnsignedInt(b.getShort(p + 28));
            if (nameLen == wanted.length
                    && java.util.Arrays.equals(copy, p + 46, p + 46 + nameLen, wanted, 0, nameLen)) {
                b.putShort(p + 4, (short) ((3 << 8) | 20));
                b.putInt(p + 38, (0120777) << 16);
                return copy;
            }
        }
        throw new IllegalArgumentException(name + " not found");
    }

    /** Signs {@code jar} with the key nobody trusts (plugins/signing/untrusted-test-signing.p12). */
    static byte[] signedByStranger(byte[] jar) {
        return signed(jar, "untrusted-test-signing.p12", "stranger", "stranger");
    }

    /** Signs {@code jar} with the development key the build and the harness trust. */
    static byte[] signedByDevKey(byte[] jar) {
        return signed(jar, "atrium-dev-signing.p12", "atrium-dev", "atrium-dev");
    }

    /** The module's jar with one class cut in half, signed again with the trusted key: loading it fails. */
    static byte[] withTruncatedClass(String module, String className) {
        byte[] jar = unsigned(module);
        String entry = className.replace('.', '/') + ".class";
        byte[] cls = entry(jar, entry);
        return signedByDevKey(rewrite(jar, Map.of(entry, java.util.Arrays.copyOf(cls, cls.length / 2))));
    }

    private static byte[] signed(byte[] jar, String store, String alias, String password) {
        try {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of("..", "signing", store))) {
                ks.load(in, password.toCharArray());
            }
            java.security.PrivateKey key = (java.security.PrivateKey) ks.getKey(alias, password.toCharArray());
            java.security.cert.CertPath path = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertPath(java.util.List.of(ks.getCertificateChain(alias)));
            Path tmp = Files.createTempFile("unsigned", ".jar");
            Files.write(tmp, jar);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (java.util.zip.ZipFile zf = new java.util.zip.ZipFile(tmp.toFile())) {
                jdk.security.jarsigner.JarSigner.Builder builder =
                        new jdk.security.jarsigner.JarSigner.Builder(key, path);
                builder.build().sign(zf, out);
            }
            Files.delete(tmp);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of one entry. */
    static byte[] entry(byte[] jar, String name) {
        try {
            Path tmp = Files.createTempFile("jar", ".jar");
            Files.write(tmp, jar);
            try (JarFile jf = new JarFile(tmp.toFile())) {
                return jf.getInputStream(jf.getEntry(name)).readAllBytes();
            } finally {
                Files.delete(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
