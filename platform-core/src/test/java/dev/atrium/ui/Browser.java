package dev.atrium.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real Chromium (Debian's chromium and chromium-driver) driven by Selenium, headless, with a fresh
 * profile. Without them the browser tests are skipped locally; under CI (CI=true) they must be there.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    final ChromeDriver driver;
    private final java.util.Map<String, Object> phone;
    final String base;
    private final WebDriverWait wait;
    private final Path profile;
    /** Where the browser saves downloads (exports). */
    final Path downloads;

    Browser(int port, int width, int height) {
        File chromium = new File("/usr/bin/chromium");
        File chromedriver = new File("/usr/bin/chromedriver");
        boolean present = chromium.canExecute() && chromedriver.canExecute();
        if (!present && "true".equals(System.getenv("CI")))
            fail("chromium and chromium-driver are required under CI (.ci/run installs them)");
        Assumptions.assumeTrue(
                present,
                "chromium / chromium-driver not installed: browser tests skipped (apt-get install chromium "
                        + "chromium-driver)");
        try {
            profile = Files.createTempDirectory("atrium-chrome");
            downloads = Files.createTempDirectory("atrium-downloads");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                "--window-size=" + width + "," + height,
                "--lang=en-US");
        o.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        o.setExperimentalOption(
                "prefs",
                java.util.Map.of(
                        "download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, o);
        phone = width <= 480
                ? java.util.Map.<String, Object>of(
                        "width", width, "height", height, "deviceScaleFactor", 2, "mobile", true)
                : null;
        base = "http://127.0.0.1:" + port;
        // conditions, never time: a generous ceiling costs nothing when the app is quick, and a page that
        // re-renders while a condition reads it (stale elements) is simply read again
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
    }

    void open(String hash) {
        driver.get(base + "/" + hash);
        emulatePhone();
    }

    /** A desktop window cannot be narrower than about 500 px: a phone's viewport is emulated, after every load. */
    private void emulatePhone() {
        if (phone == null) return;
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", phone);
        wait.until(d -> ((Number) js("return window.innerWidth")).intValue() == (Integer) phone.get("width"));
    }

    void go(String hash) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", hash);
    }

    WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement waitText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver.findElement(By.cssSelector(css));
    }

    void waitGone(String css) {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    void click(String css) {
        wait.until(d -> {
            try {
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)))
                        .click();
                return true;
            } catch (org.openqa.selenium.ElementClickInterceptedException
                    | org.openqa.selenium.StaleElementReferenceException moving) {
                // a drawer still sliding in, a list drawn again: the same click a moment later
                return false;
            }
        });
    }

    void type(String css, String text) {
        wait.until(d -> {
            WebElement e = find(css);
            e.clear();
            e.sendKeys(text);
            return true;
        });
    }

    void select(String css, String value) {
        wait.until(d -> {
            new Select(find(css)).selectByValue(value);
            return true;
        });
    }

    /** An attribute of the {@code index}-th element matching {@code css}, read again if the page re-rendered it. */
    String attribute(String css, int index, String name) {
        return wait.until(d -> {
            List<WebElement> found = all(css);
            return found.size() > index ? found.get(index).getAttribute(name) : null;
        });
    }

    <T> T until(java.util.function.Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    /**
     * Clicks, then waits for the toast the click brings: the toast box is emptied first, so a toast an
     * earlier step left (they stay five seconds) cannot pass for this one.
     */
    void clickForToast(String css, String toast) {
        js("const t = document.getElementById('toast'); if (t) t.replaceChildren();");
        click(css);
        waitText("#toast", toast);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void screenshot(String name) {
        try {
            Files.write(
                    SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Console errors since the last call, other than failed requests (the app's own 4xx answers, which it
     * shows to the user): a script error or a Content-Security-Policy violation shows up here.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(l -> l.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource"))
                .toList();
    }

    /** No JavaScript dialog was opened (an XSS payload calling alert() would open one). */
    boolean noAlert() {
        try {
            driver.switchTo().alert();
            return false;
        } catch (NoAlertPresentException e) {
            return true;
        }
    }

    /** Waits for a finished download whose name ends with {@code suffix}. */
    Path downloaded(String suffix) {
        return wait.until(d -> {
            try (var files = Files.list(downloads)) {
                return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                        .findFirst()
                        .orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
    }

    void login(String tenant, String email, String password) {
        open("");
        type("#login-tenant", tenant);
        type("#login-email", email);
        type("#login-password", password);
        click("#login-submit");
        find("#bell");
    }

    void logout() {
        click("#sign-out");
        find("#login-email");
    }

    @Override
    public void close() {
        driver.quit();
        try (var s = Files.walk(profile)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp profile left behind is harmless
        }
    }
}
