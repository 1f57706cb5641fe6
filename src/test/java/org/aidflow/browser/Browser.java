package org.aidflow.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless and in Chinese, driven through its chromedriver, with the steps a caseworker takes in
 * the Camunda webapps and in AidFlow's Camunda Forms. Register it as a static {@code @RegisterExtension}: it skips
 * the class when Chromium or chromedriver is not installed, quits the browser after the class, and saves a
 * screenshot and the page source under {@code target/browser-screenshots/} when a test fails.
 */
public class Browser implements BeforeAllCallback, AfterAllCallback, TestWatcher {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path FAILURES = Path.of("target", "browser-screenshots");
  /** Generous: the webapps load dozens of scripts, and the machines that run the tests are often busy. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private ChromeDriver driver;
  private WebDriverWait wait;
  private Path profile;
  private String baseUrl;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: they need " + CHROMIUM + " and " + CHROMEDRIVER
            + " (Debian: apt-get install chromium chromium-driver fonts-noto-cjk; CI installs them)");
    profile = Files.createTempDirectory("aidflow-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-gpu", "--lang=zh-CN", "--window-size=1400,1000", "--user-data-dir=" + profile);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, PATIENCE);
    // Tasklist refreshes its list every few seconds, replacing the elements a step may be reading: read them again
    wait.ignoring(StaleElementReferenceException.class);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    if (driver == null) {
      return;
    }
    String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
    try {
      Files.createDirectories(FAILURES);
      Files.write(FAILURES.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
      Files.writeString(FAILURES.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
    } catch (IOException | WebDriverException e) {
      cause.addSuppressed(e);
    }
  }

  /** The application's root, e.g. http://localhost:41234. */
  public Browser at(String baseUrl) {
    this.baseUrl = baseUrl;
    return this;
  }

  public WebDriver driver() {
    return driver;
  }

  // ---- the webapps

  /**
   * Opens the webapp (tasklist, cockpit) as a user coming to a fresh desk: no session of anyone before, so the login
   * page, where Enter submits (the end-of-life banner would take a click on the button).
   */
  public void logIn(String app, String user) {
    driver.manage().deleteAllCookies();
    driver.get(baseUrl + "/camunda/app/" + app + "/default/");
    // the first load of a webapp can exceed RequireJS's own timeout on a busy machine; a reload then finds it cached
    WebElement name = awaitOrReload(By.cssSelector("input[ng-model='username']"));
    name.sendKeys(user);
    driver.findElement(By.cssSelector("input[ng-model='password']")).sendKeys("demo", Keys.ENTER);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[cam-widget-header] .navbar-brand")));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[ng-model='username']")));
  }

  private WebElement awaitOrReload(By by) {
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    } catch (org.openqa.selenium.TimeoutException e) {
      driver.navigate().refresh();
      return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }
  }

  /** Tasklist: opens the filter named so in the left column. */
  public void openFilter(String filterName) {
    WebElement filter = wait.until(d -> d.findElements(By.cssSelector(".task-filter h4.name a")).stream()
        .filter(a -> a.getText().trim().startsWith(filterName)).findFirst().orElse(null));
    filter.click();
    wait.until(d -> d.findElement(By.cssSelector(".task-filter.active h4.name a")).getText().startsWith(filterName));
  }

  /** Tasklist: types the words into the task list's search box, as a caseworker looks a case number up. */
  public void searchTasks(String words) {
    WebElement search = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".tasks-list input.main-field")));
    search.click();
    search.sendKeys(words);
    search.sendKeys(Keys.ENTER);
  }

  /** Tasklist: the columns the list shows on the card of the task of that title, label to value (all, expanded). */
  public Map<String, String> taskColumns(String title) {
    return wait.until(d -> {
      WebElement card = d.findElements(By.cssSelector("li.task")).stream()
          .filter(li -> li.findElement(By.cssSelector("h4.task a")).getText().trim().equals(title)).findFirst()
          .orElse(null);
      if (card == null) {
        return null;
      }
      if (!card.findElement(By.cssSelector(".task-card-details")).getDomAttribute("class").contains("expanded")) {
        click(card.findElement(By.cssSelector(".task-card-details .shutter a")));
        return null;
      }
      Map<String, String> columns = new java.util.LinkedHashMap<>();
      for (WebElement item : card.findElements(By.cssSelector(".variable-item"))) {
        String label = item.findElement(By.cssSelector(".variable-label")).getText().replaceAll("[:：]\\s*$", "").trim();
        List<WebElement> value = item.findElements(By.cssSelector(".variable-value"));
        columns.put(label, value.isEmpty() ? "" : value.get(0).getText().trim());
      }
      return columns;
    });
  }

  /** Tasklist: waits until the list shows a task of that title, and opens it. */
  public void openTask(String title) {
    WebElement task = wait.until(d -> d.findElements(By.cssSelector("li.task h4.task a")).stream()
        .filter(a -> a.getText().trim().equals(title)).findFirst().orElse(null));
    task.click();
    wait.until(d -> d.findElement(By.cssSelector(".task-card h2.task")).getText().trim().equals(title));
    awaitForm();
  }

  /** Tasklist: claims the open task, which enables its form. */
  public void claim() {
    click(wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".task-card button.claim"))));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".task-card button.claim")));
    wait.until(d -> d.findElements(By.cssSelector(".fjs-form input:disabled, .fjs-form textarea:disabled")).isEmpty());
  }

  /** Tasklist: completes the open task and waits until Tasklist has let go of it. */
  public void complete() {
    WebElement button = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[ng-click='complete()']")));
    String title = wait.until(d -> d.findElement(By.cssSelector(".task-card h2.task")).getText().trim());
    click(button);
    wait.until(d -> d.findElements(By.cssSelector(".task-card h2.task")).stream()
        .noneMatch(h -> h.getText().trim().equals(title)));
  }

  /** Tasklist: opens the start dialogue of the process of that name and waits for its form. */
  public void startProcess(String processName) {
    click(wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".start-process-action a"))));
    WebElement process = wait.until(d -> d.findElements(By.cssSelector(".modal-body ul.processes li a")).stream()
        .filter(a -> a.getText().trim().equals(processName)).findFirst().orElse(null));
    process.click();
    awaitForm();
  }

  /** Tasklist: presses the start dialogue's 开始 and waits for the dialogue to close. */
  public void submitStart() {
    click(wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".modal-footer button.btn-primary"))));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-dialog")));
  }

  /** The notices Tasklist or Cockpit shows at the top of the page (success, errors). */
  public List<String> notices() {
    return driver.findElements(By.cssSelector(".page-notifications .alert")).stream()
        .map(e -> e.getText().replace("×", "").trim()).toList();
  }

  /** The notice that contains the words, once it shows. */
  public String awaitNotice(String words) {
    return wait.until(d -> notices().stream().filter(n -> n.contains(words)).findFirst().orElse(null));
  }

  // ---- Camunda Forms (form-js) fields, found by their field id Field_<key> as the forms in processes/ name them

  private void awaitForm() {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form")));
  }

  private WebElement field(String key) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[id$='-Field_" + key + "']")));
  }

  /** Types into a text, number or text area field, replacing what was there. */
  public void fill(String key, Object value) {
    WebElement input = field(key);
    String text = String.valueOf(value);
    if (text.equals(input.getDomProperty("value"))) {
      // form-js would briefly see the field empty and may keep it so
      return;
    }
    scrollTo(input);
    // form-js passes typed text on to the form after a pause, or at once when the field loses focus; under load it
    // may re-render the field empty meanwhile, so the text is typed again until the field keeps it
    wait.until(d -> {
      WebElement current = field(key);
      if (text.equals(current.getDomProperty("value"))) {
        return true;
      }
      current.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
      current.sendKeys(text);
      driver.executeScript("arguments[0].blur()", current);
      return text.equals(current.getDomProperty("value"));
    });
  }

  /** Scrolls the open form back to its top, where the case summary is. */
  public void showTopOfForm() {
    driver.executeScript("arguments[0].scrollIntoView({block: 'start'})",
        driver.findElement(By.cssSelector(".fjs-form")));
  }

  /** Scrolls the field into the middle of the view, e.g. before a screenshot. */
  public void show(String key) {
    scrollTo(field(key));
  }

  /** Ticks a checkbox field (once: it must be unticked). */
  public void tick(String key) {
    clickUntilSelected(field(key));
  }

  /**
   * Leaving a field makes form-js validate it and show or hide a message above the box, which moves the box under
   * the mouse between press and release: the click is then lost, and tried again.
   */
  private void clickUntilSelected(WebElement box) {
    wait.until(d -> {
      if (!box.isSelected()) {
        scrollTo(box);
        box.click();
      }
      return box.isSelected() ? true : null;
    });
  }

  /** Ticks the option of that label in a checklist or radio group. */
  public void tickOption(String key, String label) {
    WebElement option = wait.until(d -> d.findElements(By.cssSelector("input[id*='-Field_" + key + "-']")).stream()
        .filter(input -> label.equals(labelOf(input))).findFirst().orElse(null));
    clickUntilSelected(option);
  }

  private String labelOf(WebElement input) {
    return input.findElement(By.xpath("./ancestor::label[1]")).getText().trim();
  }

  /** Chooses the option of that label in a select field. */
  public void choose(String key, String label) {
    WebElement display = field(key + "-display");
    scrollTo(display);
    By items = By.cssSelector(".fjs-dropdownlist-item");
    // form-js opens the list on focus and toggles it on a mouse press, so one click may close it again
    WebElement item = null;
    for (int attempt = 0; attempt < 4 && item == null; attempt++) {
      if (driver.findElements(items).isEmpty()) {
        display.click();
      }
      try {
        item = shortWait().until(d -> d.findElements(items).stream()
            .filter(i -> i.getText().trim().startsWith(label)).findFirst().orElse(null));
      } catch (org.openqa.selenium.TimeoutException closedAgain) {
        // the click closed the list: the next attempt opens it
      }
    }
    if (item == null) {
      throw new AssertionError("select " + key + " offers no option " + label);
    }
    item.click();
    wait.until(d -> field(key + "-display").getText().trim().startsWith(label));
  }

  /** What a select field shows: the chosen option's label, or its placeholder. */
  public String selectText(String key) {
    return field(key + "-display").getText().trim();
  }

  /** Waits until the field shows exactly this validation message under it, and returns it. */
  public String awaitFieldError(String key, String message) {
    return new WebDriverWait(driver, PATIENCE).withMessage("field " + key + " to show \"" + message + "\"").until(d -> {
      List<WebElement> error = d.findElements(By.cssSelector("[id$='-Field_" + key + "-error-message']"));
      return !error.isEmpty() && error.get(0).getText().trim().equals(message) ? message : null;
    });
  }

  /** The text of the form's read-only parts (the case summary), as the caseworker reads it. */
  public String formText() {
    return driver.findElement(By.cssSelector(".fjs-form")).getText();
  }

  // ---- Cockpit

  /** Cockpit: types the words into the search box of the page (on a process, its instances by business key). */
  public void searchInCockpit(String words) {
    WebElement search = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("input.main-field")));
    search.click();
    search.sendKeys(words);
    search.sendKeys(Keys.ENTER);
  }

  // ---- general

  /** Goes to a page of the application, e.g. a Cockpit route. */
  public void open(String path) {
    driver.get(baseUrl + path);
  }

  public void clickLink(String text) {
    click(wait.until(d -> d.findElements(By.tagName("a")).stream().filter(a -> a.getText().trim().equals(text))
        .filter(WebElement::isDisplayed).findFirst().orElse(null)));
  }

  public String pageText() {
    return driver.findElement(By.tagName("body")).getText();
  }

  public <T> T await(Function<WebDriver, T> condition) {
    return wait.until(condition);
  }

  public byte[] screenshot() {
    return driver.getScreenshotAs(OutputType.BYTES);
  }

  private WebDriverWait shortWait() {
    WebDriverWait shortWait = new WebDriverWait(driver, Duration.ofSeconds(3));
    shortWait.ignoring(StaleElementReferenceException.class);
    return shortWait;
  }

  private void scrollTo(WebElement element) {
    driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
  }

  /** Clicks in the middle of the viewport's reach: the page footer would take clicks at the bottom edge. */
  private void click(WebElement element) {
    scrollTo(element);
    element.click();
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
