// AidFlow: a 案件页 tab on Cockpit's process instance view — the case page of the instance's case
// (/aidflow/cases/by-instance/{id} leads there), in words instead of the raw variable table, which stays in its own
// tab. The page reads the same Camunda session; whoever may not read the case gets 未找到案件.
const root = new URL('../../../../', import.meta.url).pathname;

export default [
  {
    id: 'aidflow.case.page.tab',
    pluginPoint: 'cockpit.processInstance.runtime.tab',
    priority: 20,
    render: (node, {processInstanceId}) => {
      node.replaceChildren();
      const path = root + 'aidflow/cases/by-instance/' + encodeURIComponent(processInstanceId);
      const link = document.createElement('a');
      link.href = path;
      link.target = '_blank';
      link.rel = 'noopener';
      link.id = 'aidflow-case-page-link';
      link.textContent = '在新窗口打开案件页';
      node.appendChild(link);
      const frame = document.createElement('iframe');
      frame.src = path;
      frame.title = '案件页';
      frame.id = 'aidflow-case-frame';
      frame.style.cssText = 'width:100%;height:70vh;border:0;margin-top:.5em';
      node.appendChild(frame);
    },
    properties: {
      label: '案件页'
    }
  }
];
