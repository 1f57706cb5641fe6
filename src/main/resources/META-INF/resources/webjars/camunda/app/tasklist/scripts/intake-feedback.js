/*
 * AidFlow (docs/intake-feedback.md): what the intake officer sees around Tasklist's start form.
 * - After 开始, the case number (已受理，案件编号 QBH-…) or the open case the call joined (已并入在办案件 QBH-…), in a
 *   notice that stays until dismissed, with a link to the case page. The number comes from AidFlow's tables
 *   (GET /aidflow/intakes/by-process-instance/{id}, answered only to whoever started that instance).
 * - A refused start (申请信息不完整或有误：…（field）) is shown beside each field concerned, in Chinese; the form stays
 *   as typed, and the top of the dialogue says only what to do.
 * - Esc and a click outside the start dialogue do not close it while it shows a form: only 关闭 does.
 * - A navbar link to 我受理的案件 (the officer's own intakes, /aidflow/intakes/mine).
 * No inline script or style (Tasklist's CSP): elements are built with the DOM, styled with Bootstrap's classes and
 * the CSSOM.
 */
const ROOT = window.location.pathname.split('/camunda/app/')[0];
const START_SUBMIT = /\/process-definition\/(?:key\/[^/]+(?:\/tenant-id\/[^/]+)?|[^/]+)\/submit-form$/;
const REFUSAL_HEADING = '申请信息不完整或有误：';
const ENGINE_PREFIX = /Cannot instantiate process definition [^\s]+?: /;

// ---- the case number after 开始

function showNotice(text, caseNumber, url) {
  document.querySelectorAll('.aidflow-intake-notice').forEach((old) => old.remove());
  const notice = document.createElement('div');
  notice.className = 'alert alert-success aidflow-intake-notice';
  notice.setAttribute('role', 'alert');
  notice.dataset.caseNumber = caseNumber;
  Object.assign(notice.style, {
    position: 'fixed', top: '60px', left: '50%', transform: 'translateX(-50%)', zIndex: '2000',
    fontSize: '16px', minWidth: '420px', boxShadow: '0 2px 8px rgba(0,0,0,.25)'
  });
  const message = document.createElement('span');
  message.className = 'aidflow-intake-notice-text';
  message.textContent = text;
  notice.appendChild(message);
  notice.appendChild(document.createTextNode('　'));
  const link = document.createElement('a');
  link.href = ROOT + url;
  link.target = '_blank';
  link.rel = 'noopener';
  link.className = 'alert-link aidflow-intake-case-link';
  link.textContent = '查看案件';
  notice.appendChild(link);
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close aidflow-intake-notice-close';
  close.setAttribute('aria-label', '关闭提示');
  close.textContent = '×';
  Object.assign(close.style, {marginLeft: '16px'});
  close.addEventListener('click', () => notice.remove());
  notice.appendChild(close);
  document.body.appendChild(notice);
}

function announce(processInstanceId) {
  fetch(ROOT + '/aidflow/intakes/by-process-instance/' + encodeURIComponent(processInstanceId),
    {credentials: 'same-origin', headers: {Accept: 'application/json'}})
    .then((response) => (response.ok ? response.json() : null))
    .then((outcome) => {
      if (outcome && outcome.caseNumber) {
        showNotice(outcome.joined ? '已并入在办案件 ' + outcome.caseNumber + '（申请人已有在办案件，本次求助已记入该案件）'
          : '已受理，案件编号 ' + outcome.caseNumber, outcome.caseNumber, outcome.caseUrl);
      }
    })
    .catch(() => {});
}

// ---- refusals beside the fields

/** [{field, message}] from the engine's answer "…申请信息不完整或有误：消息（field）；消息（field）". */
function violations(message) {
  const at = message.indexOf(REFUSAL_HEADING);
  if (at < 0) {
    return [];
  }
  return message.substring(at + REFUSAL_HEADING.length).split('；').map((part) => {
    const match = /^(.*)（([A-Za-z][A-Za-z0-9_]*)）\s*$/.exec(part.trim());
    return match ? {field: match[2], message: match[1]} : null;
  }).filter((v) => v);
}

/** The form-js field of that key in the start dialogue (forms name their fields Field_<key>). */
function fieldElement(key) {
  const modal = document.querySelector('.modal');
  if (!modal) {
    return null;
  }
  const input = modal.querySelector("[id$='-Field_" + key + "']") || modal.querySelector("[id*='-Field_" + key + "-']");
  return input ? input.closest('.fjs-form-field') : null;
}

/** Refusals still shown: field → message; a field's is dropped once it is changed. */
let pending = {};

function placeErrors() {
  Object.keys(pending).forEach((key) => {
    const field = fieldElement(key);
    if (!field || field.querySelector('.aidflow-field-error')) {
      return;
    }
    const error = document.createElement('div');
    error.className = 'fjs-form-field-error aidflow-field-error';
    error.id = 'aidflow-error-' + key;
    error.dataset.field = key;
    error.setAttribute('role', 'alert');
    error.textContent = pending[key];
    field.classList.add('fjs-has-errors');
    field.appendChild(error);
    const clear = () => {
      delete pending[key];
      error.remove();
      field.classList.remove('fjs-has-errors');
      field.removeEventListener('input', clear, true);
      field.removeEventListener('change', clear, true);
    };
    field.addEventListener('input', clear, true);
    field.addEventListener('change', clear, true);
  });
}

function showRefusal(message) {
  const found = violations(message);
  pending = {};
  found.forEach((v) => {
    if (fieldElement(v.field)) {
      pending[v.field] = v.message;
    }
  });
  placeErrors();
  const first = found.map((v) => fieldElement(v.field)).find((f) => f);
  if (first) {
    first.scrollIntoView({block: 'center'});
    const input = first.querySelector('input, textarea');
    if (input) {
      input.focus({preventScroll: true});
    }
  }
}

/** Tasklist's own notice of the refusal: Chinese only, and pointing at the fields when they are marked. */
function rewriteNotices() {
  document.querySelectorAll('.modal .alert, .page-notifications .alert').forEach((alert) => {
    const walker = document.createTreeWalker(alert, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (ENGINE_PREFIX.test(node.data) || node.data.indexOf(REFUSAL_HEADING) >= 0) {
        node.data = Object.keys(pending).length > 0 ? '申请信息不完整或有误，请按表单中标出的提示修改后再点“开始”。'
          : node.data.replace(ENGINE_PREFIX, '').replace(/（[A-Za-z][A-Za-z0-9_]*）/g, '');
      }
    }
  });
}

// ---- Tasklist's requests to start a process, as they come back

const open = XMLHttpRequest.prototype.open;
const send = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.open = function (method, url, ...rest) {
  this.aidflowStart = method && method.toUpperCase() === 'POST' && START_SUBMIT.test(String(url).split('?')[0]);
  return open.call(this, method, url, ...rest);
};
XMLHttpRequest.prototype.send = function (...args) {
  if (this.aidflowStart) {
    this.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(this.responseText);
      } catch (notJson) {
        return;
      }
      if (this.status >= 200 && this.status < 300 && body && body.id) {
        pending = {};
        announce(body.id);
      } else if (body && typeof body.message === 'string') {
        showRefusal(body.message);
      }
    });
  }
  return send.apply(this, args);
};

// ---- the start dialogue keeps what was typed

function startFormOpen() {
  return document.querySelector('.modal .fjs-form') !== null;
}

// the modal stack dismisses on Esc unless the event's default was prevented; form-js still sees the key
window.addEventListener('keydown', (event) => {
  if ((event.key === 'Escape' || event.which === 27) && startFormOpen()) {
    event.preventDefault();
  }
}, true);

// a click (or a drag that ends) outside the dialogue lands on the modal window itself, which would dismiss it
document.addEventListener('click', (event) => {
  const target = event.target;
  if (target instanceof Element && target.classList.contains('modal') && target.querySelector('.fjs-form')) {
    event.stopPropagation();
    event.preventDefault();
  }
}, true);

let scheduled = false;
new MutationObserver(() => {
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      if (!document.querySelector('.modal')) {
        pending = {};
      }
      placeErrors();
      rewriteNotices();
    });
  }
}).observe(document.documentElement, {childList: true, subtree: true, characterData: true});

// ---- 我受理的案件 in the navbar

export default [{
  id: 'aidflow-my-intakes',
  pluginPoint: 'tasklist.navbar.action',
  priority: 100,
  render: (node) => {
    const link = document.createElement('a');
    link.href = ROOT + '/aidflow/intakes/mine';
    link.target = '_blank';
    link.rel = 'noopener';
    link.className = 'aidflow-my-intakes';
    link.textContent = '我受理的案件';
    link.title = '我受理的案件：阶段与下一步';
    node.appendChild(link);
  }
}];
