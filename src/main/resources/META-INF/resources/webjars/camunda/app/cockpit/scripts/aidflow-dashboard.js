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
      // Camunda's Content-Security-Policy sandboxes Cockpit's page without allow-top-navigation, and the frame
      // inherits it: its target="_top" links (a late case to its instance view) would be blocked. Cockpit follows
      // them itself; the page is of the same origin, and a click with a modifier key still opens a new tab.
      frame.addEventListener('load', () => {
        const page = frame.contentDocument;
        if (!page) {
          return;
        }
        page.addEventListener('click', (event) => {
          const link = event.target.closest ? event.target.closest('a[target="_top"]') : null;
          if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey
              || event.shiftKey || event.altKey) {
            return;
          }
          event.preventDefault();
          window.location.assign(link.href);
        });
      });
      node.appendChild(frame);
    },
    properties: {
      path: '/aidflow-dashboard',
      label: '驾驶舱'
    }
  }
];
