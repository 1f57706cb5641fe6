// AidFlow: a 案件 tab on every task — the applicant's contact details as the caller may see them (in full for the
// intake organisation, each read recorded in the case's audit) and the case page (/aidflow/cases/{n}), which reads
// the same Camunda session. Nothing personal is put into a URL: the task id leads to the case number on the server.
const root = new URL('../../../../', import.meta.url).pathname;

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) {
    element.className = className;
  }
  return element;
}

async function json(path) {
  const answer = await fetch(root + path, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
  if (!answer.ok) {
    throw new Error(String(answer.status));
  }
  return answer.json();
}

function contactBlock(contact) {
  const block = document.createElement('div');
  block.id = 'aidflow-contact';
  block.dataset.full = String(contact.full);
  block.appendChild(text('h4', '联系方式'));
  const list = document.createElement('dl');
  list.className = 'dl-horizontal';
  for (const [label, value, id] of [['电话', contact.phone, 'aidflow-contact-phone'],
      ['地址', contact.address, 'aidflow-contact-address'], ['工作单位', contact.employer, 'aidflow-contact-employer']]) {
    list.appendChild(text('dt', label));
    const dd = text('dd', value || '（未登记）');
    dd.id = id;
    list.appendChild(dd);
  }
  block.appendChild(list);
  block.appendChild(text('p', contact.note, 'text-muted'));
  return block;
}

export default [
  {
    id: 'aidflow.case.tab',
    pluginPoint: 'tasklist.task.detail',
    priority: 50,
    render: (node, {taskId}) => {
      node.replaceChildren();
      const holder = document.createElement('div');
      holder.id = 'aidflow-case-tab';
      node.appendChild(holder);
      holder.appendChild(text('p', '正在读取案件……', 'text-muted'));
      json('aidflow/tasks/' + encodeURIComponent(taskId) + '/case').then(async ({caseNumber}) => {
        holder.replaceChildren();
        const pagePath = root + 'aidflow/cases/' + encodeURIComponent(caseNumber);
        const title = text('h3', '案件 ' + caseNumber);
        title.id = 'aidflow-case-number';
        holder.appendChild(title);
        try {
          holder.appendChild(contactBlock(await json('aidflow/cases/' + encodeURIComponent(caseNumber)
              + '/contact.json')));
        } catch (error) {
          holder.appendChild(text('p', '无法读取联系方式。', 'text-muted'));
        }
        const link = text('a', '在新窗口打开案件页');
        link.href = pagePath;
        link.target = '_blank';
        link.rel = 'noopener';
        link.id = 'aidflow-case-page-link';
        holder.appendChild(link);
        const frame = document.createElement('iframe');
        frame.src = pagePath;
        frame.title = '案件页';
        frame.id = 'aidflow-case-frame';
        frame.style.cssText = 'width:100%;height:70vh;border:1px solid #ddd;margin-top:.5em';
        holder.appendChild(frame);
      }).catch(() => {
        holder.replaceChildren(text('p', '此任务不属于您可查看的案件。', 'text-muted'));
      });
    },
    properties: {
      label: '案件'
    }
  }
];
