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
  /** The demo users' password (profile demo). */
  private static final String DEMO_PASSWORD = "demo";
  private static final By LOGIN_USER = By.cssSelector("form[name='signinForm'] input[ng-model='username']");
  private static final By LOGIN_PASSWORD = By.cssSelector("form[name='signinForm'] input[ng-model='password']");
  /** What the login page shows when the login was refused (PAGE_LOGIN_FAILED). */
  private static final By LOGIN_REFUSED = By.cssSelector(".form-signin-container .alert-danger");
  /** How long a page must stay unchanged to count as settled. */
  private static final long SETTLE_MILLIS = 300;
  private static final String LOGGED_IN = "logged in";

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
    // China time, as the caseworkers' browsers run: chromedriver passes its environment on to Chromium
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().withEnvironment(Map.of("TZ", "Asia/Shanghai")).build();
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
   *
   * <p>Camunda's login page renders its form as a plugin view, and each rendering focuses the user name field: a page
   * that renders again while the password is typed sends the rest of it into the user name ("intakedemo"). So the
   * form is used only once it has settled, each field is read back and typed again until it holds its text, both
   * are checked together before Enter, and a login that did not take is tried once more from a fresh page.
   */
  public void logIn(String app, String user) {
    String problem = tryLogIn(app, user);
    if (problem != null) {
      problem = tryLogIn(app, user);
    }
    if (problem != null) {
      throw new AssertionError(user + " could not log in to " + app + " twice; the second time: " + problem);
    }
  }

  /** Null once logged in; else what the page showed instead. */
  private String tryLogIn(String app, String user) {
    driver.manage().deleteAllCookies();
    driver.get(baseUrl + "/camunda/app/" + app + "/default/");
    // the first load of a webapp can exceed RequireJS's own timeout on a busy machine; a reload then finds it cached
    awaitOrReload(LOGIN_USER);
    awaitLoginFormSettled();
    patiently("the login form to keep user name " + user + " and the password").until(d -> {
      typeUntilKept(LOGIN_USER, user);
      typeUntilKept(LOGIN_PASSWORD, DEMO_PASSWORD);
      // typing the password may have gone to the user name field, if the form rendered again meanwhile
      pause(SETTLE_MILLIS);
      return user.equals(valueOf(LOGIN_USER)) && DEMO_PASSWORD.equals(valueOf(LOGIN_PASSWORD)) ? true : null;
    });
    // Enter in either field submits the form, wherever the focus is now
    driver.findElement(LOGIN_PASSWORD).sendKeys(Keys.ENTER);
    try {
      String outcome = patiently("the login of " + user + " to be taken or refused").until(d -> {
        List<WebElement> refused = d.findElements(LOGIN_REFUSED);
        if (!refused.isEmpty() && refused.get(0).isDisplayed()) {
          return "the login page says: " + refused.get(0).getText().replace("×", "").trim();
        }
        boolean header = !d.findElements(By.cssSelector("[cam-widget-header] .navbar-brand")).isEmpty();
        boolean loginForm = d.findElements(LOGIN_USER).stream().anyMatch(WebElement::isDisplayed);
        if (header && !loginForm) {
          return LOGGED_IN;
        }
        // a refused login empties both fields; such a form logs nobody in
        if (loginForm && valueOf(LOGIN_USER).isEmpty() && valueOf(LOGIN_PASSWORD).isEmpty()) {
          return "the login form was emptied";
        }
        return null;
      });
      return outcome.equals(LOGGED_IN) ? null : outcome;
    } catch (org.openqa.selenium.TimeoutException e) {
      return "neither logged in nor refused within " + PATIENCE.toSeconds() + " s";
    }
  }

  /** A wait as long as {@link #wait}, which names what it waited for when it times out. */
  private WebDriverWait patiently(String what) {
    WebDriverWait patient = new WebDriverWait(driver, PATIENCE);
    patient.ignoring(StaleElementReferenceException.class).withMessage(what);
    return patient;
  }

  /**
   * The login form is there, shown, enabled, the page has no request of its own open (translations, the welcome
   * check) and the same form is found again a moment later: the page has stopped rendering it.
   */
  private void awaitLoginFormSettled() {
    patiently("the login form to settle").until(d -> {
      WebElement before = usableLoginField();
      if (before == null || !pageIdle()) {
        return null;
      }
      pause(SETTLE_MILLIS);
      WebElement after = usableLoginField();
      return after != null && after.equals(before) && pageIdle() ? true : null;
    });
  }

  private WebElement usableLoginField() {
    List<WebElement> names = driver.findElements(LOGIN_USER);
    List<WebElement> passwords = driver.findElements(LOGIN_PASSWORD);
    List<WebElement> buttons = driver.findElements(By.cssSelector("form[name='signinForm'] button[type='submit']"));
    if (names.size() != 1 || passwords.size() != 1 || buttons.size() != 1) {
      return null;
    }
    for (WebElement element : List.of(names.get(0), passwords.get(0), buttons.get(0))) {
      if (!element.isDisplayed() || !element.isEnabled()) {
        return null;
      }
    }
    return names.get(0);
  }

  /** The document is loaded and AngularJS has no HTTP request outstanding (if the page runs AngularJS). */
  private boolean pageIdle() {
    Object idle = driver.executeScript("if (document.readyState !== 'complete') { return false; }"
        + " var ng = window.angular; if (!ng) { return true; }"
        + " try { var injector = ng.element(document.body).injector();"
        + " return !injector || injector.get('$http').pendingRequests.length === 0; } catch (e) { return true; }");
    return Boolean.TRUE.equals(idle);
  }

  /**
   * Types the text into the field until the field holds exactly it: the page may render the field again (empty, or
   * with the focus elsewhere) while keys arrive. Select-all and Delete first, so nothing of an earlier try stays.
   */
  private void typeUntilKept(By field, String text) {
    patiently("field " + field + " to keep \"" + text + "\"").until(d -> {
      if (text.equals(valueOf(field))) {
        return true;
      }
      WebElement input = d.findElement(field);
      input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
      input.sendKeys(text);
      return text.equals(valueOf(field)) ? true : null;
    });
  }

  private String valueOf(By field) {
    Object value = driver.findElement(field).getDomProperty("value");
    return value == null ? "" : value.toString();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
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
    clickFound(d -> d.findElements(By.cssSelector(".task-filter h4.name a")).stream()
        .filter(a -> a.getText().trim().startsWith(filterName)).findFirst().orElse(null));
    wait.until(d -> d.findElement(By.cssSelector(".task-filter.active h4.name a")).getText().startsWith(filterName));
  }

  /** Tasklist: types the words into the task list's search box, as a caseworker looks a case number up. */
  public void searchTasks(String words) {
    search(By.cssSelector(".tasks-list input.main-field"), words);
  }

  /** Types the words into a search box, checked as the login's fields are (the list refreshes meanwhile), then Enter. */
  private void search(By box, String words) {
    clickFound(ExpectedConditions.elementToBeClickable(box));
    typeUntilKept(box, words);
    driver.findElement(box).sendKeys(Keys.ENTER);
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
    clickFound(d -> d.findElements(By.cssSelector("li.task h4.task a")).stream()
        .filter(a -> a.getText().trim().equals(title)).findFirst().orElse(null));
    wait.until(d -> d.findElement(By.cssSelector(".task-card h2.task")).getText().trim().equals(title));
    awaitForm();
  }

  /** Tasklist: claims the open task, which enables its form. */
  public void claim() {
    clickFound(ExpectedConditions.elementToBeClickable(By.cssSelector(".task-card button.claim")));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".task-card button.claim")));
    wait.until(d -> d.findElements(By.cssSelector(".fjs-form input:disabled, .fjs-form textarea:disabled")).isEmpty());
  }

  /** Tasklist: completes the open task and waits until Tasklist has let go of it. */
  public void complete() {
    String title = wait.until(d -> d.findElement(By.cssSelector(".task-card h2.task")).getText().trim());
    clickFound(ExpectedConditions.elementToBeClickable(By.cssSelector("button[ng-click='complete()']")));
    wait.until(d -> d.findElements(By.cssSelector(".task-card h2.task")).stream()
        .noneMatch(h -> h.getText().trim().equals(title)));
  }

  /** Tasklist: opens the start dialogue of the process of that name and waits for its form. */
  public void startProcess(String processName) {
    for (int attempt = 1; ; attempt++) {
      clickFound(ExpectedConditions.elementToBeClickable(By.cssSelector(".start-process-action a")));
      clickFound(d -> d.findElements(By.cssSelector(".modal-body ul.processes li a")).stream()
          .filter(a -> a.getText().trim().equals(processName)).findFirst().orElse(null));
      try {
        // on a busy machine the dialogue has been seen to stay without its form for over a minute: open it again
        new WebDriverWait(driver, Duration.ofSeconds(20))
            .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form")));
        return;
      } catch (org.openqa.selenium.TimeoutException notRendered) {
        if (attempt == 3) {
          throw notRendered;
        }
        driver.navigate().refresh();
      }
    }
  }

  /** Tasklist: presses the start dialogue's 开始 and waits for the dialogue to close. */
  public void submitStart() {
    clickFound(ExpectedConditions.elementToBeClickable(By.cssSelector(".modal-footer button.btn-primary")));
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
        // found again: form-js may have rendered the field anew since
        field(key + "-display").click();
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
    // form-js takes the choice on mousedown; a pointer click at an option of a list longer than its box lands on the
    // form's next row, drawn over it (the plan's fund list grows with the funds other tests open)
    driver.executeScript("arguments[0].scrollIntoView({block: 'nearest'});"
        + "arguments[0].dispatchEvent(new MouseEvent('mousedown', {bubbles: true, cancelable: true}));", item);
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
    search(By.cssSelector("input.main-field"), words);
  }

  // ---- general

  /** Goes to a page of the application, e.g. a Cockpit route. */
  public void open(String path) {
    driver.get(baseUrl + path);
  }

  public void clickLink(String text) {
    clickFound(d -> d.findElements(By.tagName("a")).stream().filter(a -> a.getText().trim().equals(text))
        .filter(WebElement::isDisplayed).findFirst().orElse(null));
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

  /**
   * Finds the element and clicks it in one step of the wait: Tasklist refreshes its lists every few seconds and
   * Angular renders parts again, so an element found a moment before may be gone by the click; then it is found again.
   */
  private void clickFound(Function<WebDriver, WebElement> finder) {
    wait.until(d -> {
      WebElement element = finder.apply(d);
      if (element == null) {
        return null;
      }
      click(element);
      return true;
    });
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

  // ---- intake feedback (intake-feedback.js)

  /** The start dialogue's form is still open (not closed by Esc, a click outside or a refused start). */
  public boolean startFormOpen() {
    return !driver.findElements(By.cssSelector(".modal .fjs-form")).isEmpty();
  }

  /**
   * The start dialogue is still open a while after Esc or a click outside: the modal stack would have dismissed it
   * at once (its closing animation takes a fraction of a second), so two seconds without it closing mean it stays.
   */
  public boolean startFormStaysOpen() {
    try {
      new WebDriverWait(driver, Duration.ofSeconds(2)).until(
          ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal .fjs-form")));
      return false;
    } catch (org.openqa.selenium.TimeoutException stayed) {
      return true;
    }
  }

  /** What the field holds now, as typed (text, number or text area). */
  public String fieldValue(String key) {
    return field(key).getDomProperty("value");
  }

  /** Presses 开始 in the start dialogue when the start will be refused: the dialogue stays open. */
  public void pressStart() {
    clickFound(ExpectedConditions.elementToBeClickable(By.cssSelector(".modal-footer button.btn-primary")));
  }

  /** Waits until the server's refusal shows beside the field (not only at the top of the dialogue), returns it. */
  public String awaitRefusalBeside(String key) {
    return patiently("the refusal beside field " + key).until(d -> d.findElements(
            By.cssSelector(".fjs-form-field .aidflow-field-error[data-field='" + key + "']")).stream()
        .map(e -> e.getText().trim()).filter(t -> !t.isEmpty()).findFirst().orElse(null));
  }

  /** The intake notice (case number) that stays until dismissed, once it shows. */
  public WebElement awaitIntakeNotice() {
    return patiently("the intake notice with the case number").until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".aidflow-intake-notice")));
  }

  /** Presses Esc where the focus is. */
  public void pressEscape() {
    new org.openqa.selenium.interactions.Actions(driver).sendKeys(Keys.ESCAPE).perform();
  }

  /** Clicks the dimmed page beside the start dialogue (the modal window's own area, outside its dialogue). */
  public void clickOutsideDialogue() {
    WebElement modal = driver.findElement(By.cssSelector(".modal"));
    WebElement dialogue = driver.findElement(By.cssSelector(".modal-dialog"));
    int x = -(dialogue.getRect().getWidth() / 2) - 20;
    new org.openqa.selenium.interactions.Actions(driver).moveToElement(modal, Math.max(x, -(modal.getRect().getWidth() / 2) + 5), 0)
        .click().perform();
  }

  /** Waits until the page (re)rendered settles: no AngularJS request open. */
  public void awaitIdle() {
    patiently("the page to settle").until(d -> pageIdle() ? true : null);
  }

  // ---- desk (issue 21 items 5 and 6, tasklist/scripts/desk.js)

  /** Tasklist: the open task is already the signed-in user's (the acceptor's): no 认领 to press, the form is enabled. */
  public void awaitMine() {
    wait.until(d -> d.findElements(By.cssSelector(".task-card button.claim")).isEmpty()
        && d.findElements(By.cssSelector(".fjs-form input:disabled, .fjs-form textarea:disabled")).isEmpty() ? true : null);
  }

  /** Tasklist: the notice desk.js shows after 完成, once it contains the words. */
  public String awaitNextStepNotice(String words) {
    return wait.until(d -> d.findElements(By.id("aidflow-next-step")).stream().map(e -> e.getText().replace("×", "").trim())
        .filter(t -> t.contains(words)).findFirst().orElse(null));
  }

  /** Tasklist: the priority the task list shows for the task of that title (desk.js writes 紧急 or 普通). */
  public String listedPriority(String title) {
    return wait.until(d -> d.findElements(By.cssSelector("li.task")).stream()
        .filter(li -> li.findElements(By.cssSelector("h4.task a")).stream().anyMatch(a -> a.getText().trim().equals(title)))
        .map(li -> li.findElements(By.cssSelector(".priority")).stream().map(e -> e.getText().trim()).findFirst().orElse(""))
        .filter(t -> !t.isEmpty() && !t.matches("-?\\d+")).findFirst().orElse(null));
  }

  /** The text of the open form once it contains the words (form-js renders text views as the data changes). */
  public String awaitFormText(String words) {
    return wait.until(d -> {
      String text = formText();
      return text.contains(words) ? text : null;
    });
  }

  // ---- helper "words": a select whose option list scrolls (the region picker's 34 provinces)

  /**
   * Chooses the option of that label in a select whose list is longer than its box: the option is found by its text
   * even when scrolled out of the list's view, scrolled into it and pressed as a mouse would.
   */
  public void chooseInLongList(String key, String label) {
    By items = By.cssSelector(".fjs-dropdownlist-item");
    scrollTo(field(key + "-display"));
    wait.until(d -> {
      if (field(key + "-display").getText().trim().startsWith(label)) {
        return true;
      }
      List<WebElement> shown = d.findElements(items);
      if (shown.isEmpty()) {
        // from a field without focus, as the first time: a focused select after a choice ignores the click
        driver.executeScript("if (document.activeElement) { document.activeElement.blur(); }");
        field(key + "-display").click();
        return null;
      }
      WebElement item = shown.stream().filter(i -> String.valueOf(i.getDomProperty("textContent")).trim()
          .startsWith(label)).findFirst().orElse(null);
      if (item == null) {
        return null;
      }
      // form-js takes the choice on mousedown; a pointer click may land on the form under a long list
      driver.executeScript("arguments[0].scrollIntoView({block: 'nearest'});"
          + "arguments[0].dispatchEvent(new MouseEvent('mousedown', {bubbles: true, cancelable: true}));", item);
      return null;
    });
  }
}
