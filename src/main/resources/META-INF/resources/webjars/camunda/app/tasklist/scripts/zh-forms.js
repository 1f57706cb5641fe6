/*
 * AidFlow: Camunda Forms (form-js) in Tasklist 7.24 write their validation messages and the empty select's
 * placeholder in English, with no way to configure them. This script, loaded by config.js (customScripts), puts
 * them into Chinese as form-js renders them, so that a caseworker reads "必填项" instead of "Field is required.".
 */
const MESSAGES = [
  [/^Field is required\.$/, () => '此项为必填项。'],
  [/^Field must have minimum value of (.+)\.$/, (m) => `不能小于 ${m[1]}。`],
  [/^Field must have maximum value of (.+)\.$/, (m) => `不能大于 ${m[1]}。`],
  [/^Field must have minimum length of (.+)\.$/, (m) => `至少 ${m[1]} 个字符。`],
  [/^Field must have maximum length of (.+)\.$/, (m) => `最多 ${m[1]} 个字符。`],
  [/^Field must match pattern .+\.$/, (m, key) => PATTERN_HINTS[key] || '格式不正确。'],
  [/^Field must be a valid email\.$/, () => '请输入有效的电子邮箱。'],
  [/^Field must be a valid\s+international phone number.*$/, () => '请输入有效的电话号码。'],
  [/^Value is not a number\.$/, () => '请输入数字。'],
  [/^Value is expected to be an integer\.$/, () => '请输入整数。'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, (m) => `最多 ${m[1]} 位小数。`],
  [/^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/,
    (m) => `请输入有效的值，最接近的有效值为 ${m[1]} 和 ${m[2]}。`]
];

/** What a field with a pattern expects, said in full: the fields carry no description that says it for them. */
const PATTERN_HINTS = {
  idNumber: '请输入18位居民身份证号码（最后一位可为X）。',
  phone: '请输入11位手机号码（1开头，如 13812345678）。',
  region: '请输入6位行政区划代码（如 330102）。'
};

/** The form field key of an error message element (form-js names it …-Field_<key>-error-message). */
function fieldKey(node) {
  const element = node.parentElement && node.parentElement.closest('[id$="-error-message"]');
  const match = element ? /-Field_([A-Za-z0-9_]+)-error-message$/.exec(element.id) : null;
  return match ? match[1] : null;
}

function translate(text, key) {
  for (const [pattern, chinese] of MESSAGES) {
    const match = pattern.exec(text.trim());
    if (match) {
      return chinese(match, key);
    }
  }
  return null;
}

/** The text nodes under the elements: form-js keeps references to them, so they are changed, never replaced. */
function textNodes(elements) {
  const nodes = [];
  elements.forEach((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      nodes.push(walker.currentNode);
    }
  });
  return nodes;
}

function translateWithin(root) {
  textNodes(root.querySelectorAll('.fjs-form-field-error')).forEach((node) => {
    const chinese = translate(node.data, fieldKey(node));
    if (chinese) {
      node.data = chinese;
    }
  });
  textNodes(root.querySelectorAll('.fjs-select-display.fjs-select-placeholder')).forEach((node) => {
    if (node.data === 'Select') {
      node.data = '请选择';
    }
  });
  root.querySelectorAll('input.fjs-input[placeholder="Search"]').forEach((node) => {
    node.setAttribute('placeholder', '搜索');
  });
  root.querySelectorAll('.fjs-number-arrow-up[aria-label="Increment"]').forEach((node) => {
    node.setAttribute('aria-label', '加');
  });
  root.querySelectorAll('.fjs-number-arrow-down[aria-label="Decrement"]').forEach((node) => {
    node.setAttribute('aria-label', '减');
  });
}

let scheduled = false;
new MutationObserver(() => {
  // one pass per animation frame however many nodes form-js changed
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      translateWithin(document.body);
    });
  }
}).observe(document.documentElement, {childList: true, subtree: true, characterData: true});
