package dev.atrium.plugins.email;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What filing needs from one received message: who sent it to which addresses, the readable text, the
 * attached files, the ids of the messages it answers, and whether it is a person writing, an automatic
 * reply or a bounce (a delivery status notification naming the message that could not be delivered).
 */
record MailParts(
        String messageId,
        String fromAddress,
        String fromName,
        List<String> to,
        String subject,
        String text,
        List<Attachment> attachments,
        List<String> answers,
        Instant sent,
        Kind kind,
        List<String> bounced) {

    enum Kind {
        MESSAGE,
        AUTO_REPLY,
        BOUNCE
    }

    record Attachment(String name, byte[] content) {}

    static final int MAX_TEXT = 100_000;
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^(?:original-)?message-id:\\s*(<[^>\\s]+>)");
    private static final Pattern ANGLE_ID = Pattern.compile("<[^>\\s]+>");
    private static final Pattern AUTO_SUBJECT = Pattern.compile(
            "(?i)^(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheit|auto:|autoreply)");
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "(?i)(undeliver|delivery status notification|delivery (has )?failed|returned mail|failure notice)");

    static MailParts of(MimeMessage m) throws MessagingException, IOException {
        Walk w = new Walk();
        w.part(m, 0);
        InternetAddress from = first(m.getFrom());
        String subject = m.getSubject() == null ? "" : m.getSubject().strip();
        List<String> to = new ArrayList<>();
        for (Message.RecipientType t : List.of(Message.RecipientType.TO, Message.RecipientType.CC))
            for (Address a : orEmpty(m.getRecipients(t)))
                if (a instanceof InternetAddress ia) to.add(ia.getAddress().toLowerCase(Locale.ROOT));
        for (String h : List.of("Delivered-To", "X-Original-To"))
            for (String v : orEmpty(m.getHeader(h))) to.add(v.strip().toLowerCase(Locale.ROOT));
        List<String> answers = new ArrayList<>();
        for (String h : List.of("In-Reply-To", "References"))
            for (String v : orEmpty(m.getHeader(h))) {
                Matcher x = ANGLE_ID.matcher(v);
                while (x.find()) answers.add(x.group());
            }
        String fromAddress = from == null ? null : from.getAddress().toLowerCase(Locale.ROOT);
        String local = fromAddress == null ? "" : fromAddress.substring(0, Math.max(0, fromAddress.indexOf('@')));
        Kind kind;
        if (w.report
                || (Set.of("mailer-daemon", "postmaster").contains(local)
                        && BOUNCE_SUBJECT.matcher(subject).find())) kind = Kind.BOUNCE;
        else if (automatic(m, subject)) kind = Kind.AUTO_REPLY;
        else kind = Kind.MESSAGE;
        String text = w.text != null ? w.text : w.html != null ? HtmlText.of(w.html) : "";
        if (text.length() > MAX_TEXT) text = text.substring(0, MAX_TEXT);
        return new MailParts(
                m.getMessageID(),
                fromAddress,
                from == null || from.getPersonal() == null
                        ? null
                        : from.getPersonal().strip(),
                List.copyOf(new LinkedHashSet<>(to)),
                subject,
                text.strip(),
                List.copyOf(w.files),
                List.copyOf(answers.reversed()),
                m.getSentDate() == null ? Instant.now() : m.getSentDate().toInstant(),
                kind,
                List.copyOf(w.bounced));
    }

    /** RFC 3834 (Auto-Submitted), the vendors' headers, and the subjects out-of-office replies use. */
    private static boolean automatic(MimeMessage m, String subject) throws MessagingException {
        String submitted = header(m, "Auto-Submitted");
        if (submitted != null && !submitted.equalsIgnoreCase("no")) return true;
        if (header(m, "X-Autoreply") != null || header(m, "X-Autorespond") != null) return true;
        String precedence = header(m, "Precedence");
        if (precedence != null && Set.of("auto_reply", "bulk", "junk").contains(precedence.toLowerCase(Locale.ROOT)))
            return true;
        return AUTO_SUBJECT.matcher(subject).find();
    }

    private static String header(MimeMessage m, String name) throws MessagingException {
        String v = m.getHeader(name, ",");
        return v == null ? null : v.strip();
    }

    private static InternetAddress first(Address[] all) {
        for (Address a : orEmpty(all)) if (a instanceof InternetAddress ia) return ia;
        return null;
    }

    private static <T> List<T> orEmpty(T[] a) {
        return a == null ? List.of() : List.of(a);
    }

    /** Walks the MIME tree once: the first plain and HTML texts, the files, a delivery report's message ids. */
    private static final class Walk {
        String text;
        String html;
        boolean report;
        final List<Attachment> files = new ArrayList<>();
        final Set<String> bounced = new LinkedHashSet<>();

        void part(Part p, int depth) throws MessagingException, IOException {
            if (depth > 10) return;
            if (p.isMimeType("multipart/report")) {
                report = true;
                Multipart mp = (Multipart) p.getContent();
                for (int i = 1; i < mp.getCount(); i++) {
                    Matcher x = MESSAGE_ID.matcher(read(mp.getBodyPart(i).getInputStream(), 256 * 1024));
                    while (x.find()) bounced.add(x.group(1));
                }
                if (mp.getCount() > 0) part(mp.getBodyPart(0), depth + 1);
                return;
            }
            if (p.isMimeType("multipart/*")) {
                Multipart mp = (Multipart) p.getContent();
                for (int i = 0; i < mp.getCount(); i++) part(mp.getBodyPart(i), depth + 1);
                return;
            }
            String name = p.getFileName();
            boolean attached = Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || name != null;
            if (!attached && p.isMimeType("text/plain") && text == null) text = String.valueOf(p.getContent());
            else if (!attached && p.isMimeType("text/html") && html == null) html = String.valueOf(p.getContent());
            else if (attached) {
                try (InputStream in = p.getInputStream()) {
                    files.add(new Attachment(name == null ? "attachment" : name, in.readAllBytes()));
                }
            }
        }

        private static String read(InputStream in, int max) throws IOException {
            try (in) {
                return new String(in.readNBytes(max), StandardCharsets.UTF_8);
            }
        }
    }
}
