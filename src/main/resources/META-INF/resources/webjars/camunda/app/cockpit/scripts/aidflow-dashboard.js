// AidFlow: the supervisors' dashboard (驾驶舱) in Cockpit — a 驾驶舱 entry in the navigation and a route that shows
// the dashboard page, which reads the same Camunda session (no second login).
const dashboardUrl = new URL('../../../../cockpit-dashboard/', import.meta.url).pathname;

export default [
  {
    id: 'aidflow.dashboard.navigation',
    pluginPoint: 'cockpit.navigation',
    priority: 10,
    render: (node) => {
      const link = document.createElement('a');
      link.href = '#/aidflow-dashboard';
      link.textContent = '驾驶舱';
      link.id = 'aidflow-dashboard-link';
      node.appendChild(link);
    },
    properties: {
      path: '/aidflow-dashboard',
      checkActive: (path) => path.indexOf('/aidflow-dashboard') === 0
    }
  },
  {
    id: 'aidflow.dashboard.route',
    pluginPoint: 'cockpit.route',
    priority: 10,
    render: (node) => {
      const frame = document.createElement('iframe');
      frame.src = dashboardUrl;
      frame.title = '驾驶舱';
      frame.id = 'aidflow-dashboard-frame';
      frame.style.cssText = 'width:100%;height:calc(100vh - 120px);border:0';
      node.appendChild(frame);
    },
    properties: {
      path: '/aidflow-dashboard',
      label: '驾驶舱'
    }
  }
];
