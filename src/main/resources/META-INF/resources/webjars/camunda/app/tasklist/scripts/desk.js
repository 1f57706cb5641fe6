/*
 * AidFlow desk (docs/desk.md): priority in words, and where the case went after 完成.
 * - The task list's priority number reads 紧急 or 普通 (aidflow.service-levels.urgent-priority is 80; escalations of
 *   urgent cases have 90, of others 60), and the task view's tab 办理信息 says the same with the due date.
 * - After a task form is submitted, a notice names the case and its next open steps, as answered by
 *   GET /desk/tasks/{taskId}/next for the task this user just completed.
 * No inline script or style (CSP): the notice is styled through the CSSOM.
 */
const URGENT_FROM = 80;

export function priorityWord(priority) {
  const value = Number(priority);
  return Number.isFinite(value) && value >= URGENT_FROM ? '紧急' : '普通';
}

function wordPriorities(root) {
  root.querySelectorAll('li.task .priority, .task-card .priority').forEach((node) => {
    const text = node.textContent.trim();
    if (/^-?\d+$/.test(text)) {
      node.setAttribute('data-priority', text);
      node.textContent = priorityWord(text);
      node.classList.add(priorityWord(text) === '紧急' ? 'aidflow-urgent' : 'aidflow-normal');
    }
  });
}

let scheduled = false;
new MutationObserver(() => {
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      wordPriorities(document.body);
    });
  }
}).observe(document.documentElement, {childList: true, subtree: true, characterData: true});

function showNotice(text) {
  let notice = document.getElementById('aidflow-next-step');
  if (!notice) {
    notice = document.createElement('div');
    notice.id = 'aidflow-next-step';
    notice.setAttribute('role', 'status');
    Object.assign(notice.style, {position: 'fixed', top: '60px', right: '20px', zIndex: '2000', maxWidth: '520px',
      padding: '12px 36px 12px 16px', background: '#dff0d8', border: '1px solid #3c763d', color: '#2b542c',
      borderRadius: '4px', boxShadow: '0 2px 6px rgba(0,0,0,.2)'});
    const text = document.createElement('span');
    text.className = 'aidflow-next-step-text';
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', '关闭');
    Object.assign(close.style, {position: 'absolute', top: '6px', right: '10px', border: 'none',
      background: 'transparent', fontSize: '18px'});
    close.addEventListener('click', () => notice.remove());
    notice.appendChild(text);
    notice.appendChild(close);
    document.body.appendChild(notice);
  }
  notice.querySelector('.aidflow-next-step-text').textContent = text;
}

export function noticeText(answer) {
  const steps = (answer.steps || []).map((s) => s.name + (s.unit ? '（' + s.unit + '）' : ''));
  return '已提交：案件 ' + answer.caseNumber + ' 下一步：'
    + (steps.length ? steps.join('；') : '暂无待办步骤（等待定时回访或已办结）');
}

function askNextSteps(taskId, attempt) {
  fetch('/desk/tasks/' + encodeURIComponent(taskId) + '/next', {credentials: 'same-origin',
    headers: {Accept: 'application/json'}})
    .then((response) => (response.ok ? response.json() : null))
    .then((answer) => {
      if (!answer) {
        return;
      }
      if ((answer.steps || []).length === 0 && attempt < 3) {
        // the next step may be created by an asynchronous continuation a moment later
        setTimeout(() => askNextSteps(taskId, attempt + 1), 1000);
        return;
      }
      showNotice(noticeText(answer));
    })
    .catch(() => {});
}

const SUBMITTED = /\/task\/([^/?]+)\/(submit-form|complete)(\?|$)/;
const open = XMLHttpRequest.prototype.open;
const send = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.open = function (method, url, ...rest) {
  this.aidflowRequest = {method: String(method).toUpperCase(), url: String(url)};
  return open.call(this, method, url, ...rest);
};
XMLHttpRequest.prototype.send = function (...args) {
  const request = this.aidflowRequest;
  const match = request && request.method === 'POST' ? SUBMITTED.exec(request.url) : null;
  if (match) {
    this.addEventListener('load', () => {
      if (this.status >= 200 && this.status < 300) {
        askNextSteps(decodeURIComponent(match[1]), 0);
      }
    });
  }
  return send.apply(this, args);
};

/** "2026-12-05T09:00:00.000+0000" → "2026-12-05 17:00" in the browser's time zone (China time). */
function localTime(iso) {
  const date = new Date(iso.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  const two = (n) => String(n).padStart(2, '0');
  return date.getFullYear() + '-' + two(date.getMonth() + 1) + '-' + two(date.getDate()) + ' '
    + two(date.getHours()) + ':' + two(date.getMinutes());
}

export default [{
  id: 'aidflow-desk-info',
  pluginPoint: 'tasklist.task.detail',
  priority: 5,
  properties: {label: '办理信息'},
  render: (node, {taskId}) => {
    node.textContent = '';
    fetch('/camunda/api/engine/engine/default/task/' + encodeURIComponent(taskId), {credentials: 'same-origin',
      headers: {Accept: 'application/json'}})
      .then((response) => (response.ok ? response.json() : null))
      .then((task) => {
        if (!task) {
          return;
        }
        const line = document.createElement('p');
        line.className = 'aidflow-task-priority';
        line.textContent = '优先级：' + priorityWord(task.priority)
          + (task.due ? '　办理期限：' + localTime(task.due) : '');
        node.appendChild(line);
        fetch('/camunda/api/admin/auth/user/default', {credentials: 'same-origin', headers: {Accept: 'application/json'}})
          .then((response) => (response.ok ? response.json() : null))
          .then((me) => {
            if (!me || !task.assignee || task.assignee === me.userId) {
              return;
            }
            const takeOver = document.createElement('button');
            takeOver.type = 'button';
            takeOver.className = 'btn btn-default aidflow-take-over';
            takeOver.textContent = '接手办理（当前办理人：' + task.assignee + '）';
            takeOver.addEventListener('click', () => {
              fetch('/desk/tasks/' + encodeURIComponent(taskId) + '/take-over', {method: 'POST',
                credentials: 'same-origin', headers: {Accept: 'application/json', 'X-AidFlow-Desk': '1'}})
                .then((response) => {
                  takeOver.disabled = true;
                  takeOver.textContent = response.ok ? '已接手，请刷新任务' : '无法接手此任务';
                  if (response.ok) {
                    window.location.reload();
                  }
                });
            });
            node.appendChild(takeOver);
          });
      });
  }
}];
