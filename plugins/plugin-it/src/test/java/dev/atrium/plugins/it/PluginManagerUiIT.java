package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.atrium.plugin.testkit.PluginHarness;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The plugin manager in real Chromium: upload a signed jar through the file input, enable it with the
 * settings form the app renders from the plugin's declared settings (a required setting left empty is
 * refused with its pointer), then disable it.
 */
class PluginManagerUiIT {
    @Test
    void uploadEnableWithTheGeneratedFormAndDisable() throws Exception {
        File chromium = new File("/usr/bin/chromium");
        File chromedriver = new File("/usr/bin/chromedriver");
        boolean present = chromium.canExecute() && chromedriver.canExecute();
        if (!present && "true".equals(System.getenv("CI"))) fail("chromium and chromium-driver are required under CI");
        Assumptions.assumeTrue(present, "chromium not installed: skipped");
        try (PluginHarness h = PluginHarness.start()) {
            Path profile = Files.createTempDirectory("atrium-chrome");
            ChromeOptions o = new ChromeOptions();
            o.setBinary(chromium);
            o.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile,
                    "--window-size=1280,900");
            WebDriver d = new ChromeDriver(
                    new ChromeDriverService.Builder()
                            .usingDriverExecutable(chromedriver)
                            .usingAnyFreePort()
                            .build(),
                    o);
            try {
                WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(15));
                d.get("http://127.0.0.1:" + h.api().port() + "/");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-tenant")))
                        .sendKeys("acme");
                d.findElement(By.id("login-email")).sendKeys("admin@acme.test");
                d.findElement(By.id("login-password")).sendKeys(PluginHarness.PASSWORD);
                d.findElement(By.id("login-submit")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("global-search")));
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("location.hash = '#/admin/plugins'");
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("plugin-file")))
                        .sendKeys(Jars.of("email-channel")
                                .toAbsolutePath()
                                .normalize()
                                .toString());
                d.findElements(By.cssSelector("main .toolbar button.primary"))
                        .get(0)
                        .click();
                By card = By.cssSelector("[data-plugin='email-channel']");
                wait.until(ExpectedConditions.visibilityOfElementLocated(card));
                assertTrue(
                        d.findElement(card).getText().contains("started"),
                        d.findElement(card).getText());

                d.findElement(card)
                        .findElement(By.cssSelector("button.primary"))
                        .click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("setting-smtp_host")));
                assertEquals(
                        "password",
                        d.findElement(By.id("setting-smtp_password")).getAttribute("type"),
                        "secrets are password inputs");
                assertEquals(
                        "587",
                        d.findElement(By.id("setting-smtp_port")).getAttribute("placeholder"),
                        "defaults are shown");
                d.findElement(By.id("setting-from")).sendKeys("support@acme.test");
                d.findElement(By.id("grant-access")).click();
                ((org.openqa.selenium.JavascriptExecutor) d)
                        .executeScript("document.getElementById('setting-smtp_host').removeAttribute('required')");
                d.findElement(By.cssSelector("dialog.modal button[type='submit']"))
                        .click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("dialog ul.problems"), "/settings/smtp_host"));
                d.findElement(By.cssSelector("dialog button")).click();

                d.findElement(card)
                        .findElement(By.cssSelector("button.primary"))
                        .click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("setting-smtp_host")))
                        .sendKeys("smtp.acme.test");
                d.findElement(By.id("setting-from")).sendKeys("support@acme.test");
                d.findElement(By.id("grant-access")).click();
                d.findElement(By.cssSelector("dialog.modal button[type='submit']"))
                        .click();
                wait.until(
                        x -> h.api().get("/api/v1/plugins/email-channel").json().getBoolean("enabled"));
                assertEquals(
                        "smtp.acme.test",
                        h.api()
                                .get("/api/v1/plugins/email-channel")
                                .json()
                                .getJsonObject("values")
                                .getString("smtp_host"));

                wait.until(ExpectedConditions.textToBePresentInElementLocated(card, "Disable"));
                d.findElement(card).findElements(By.cssSelector("button")).stream()
                        .filter(b -> b.getText().equals("Disable"))
                        .findFirst()
                        .orElseThrow()
                        .click();
                wait.until(x ->
                        !h.api().get("/api/v1/plugins/email-channel").json().getBoolean("enabled"));
            } finally {
                d.quit();
            }
        }
    }
}
